/**
 * One load: every event of the invocation, the `_rejected_events` rows, the `_loads` row and the `_version`
 * row commit in one transaction or not at all (semantic-schema.md §3). Reading, unpacking and COPY overlap;
 * see merge-load.ts for how re-loaded events are recognised.
 */
import type { Adapter, Connection } from '../adapters/index.js';
import { quoteIdentifier } from '../core/index.js';
import { OpRunner, type OpSink, type ProducerSummary } from './load-ops.js';
import { type ProducerConfig, produceLoad } from './load-producer.js';
import type { InputItem, LoadProgress, LoadReport } from './load-types.js';
import { ensureHashIndex, mergeStaged, removeInLoadDuplicates } from './merge-load.js';
import { ensureSystemTables, lockRawSchema, newLoadId, qualified, readRawSchema, recordLoad } from './raw-schema.js';

/**
 * Produces the load's operations somewhere (this thread, or a worker reading the inputs itself) and runs them on
 * `runner`; resolves once every operation is queued.
 */
export type LoadProducerHost = (config: ProducerConfig, runner: OpRunner, onProgress: (progress: LoadProgress) => void) => Promise<ProducerSummary>;

export interface LoadPlan {
  /** `<prefix>_event`, already validated. */
  schema: string;
  /** Batches of items (one await per batch keeps the per-event cost down); or `host` produces the load. */
  items?: AsyncIterable<InputItem[]>;
  host?: LoadProducerHost;
  skipInvalid: boolean;
  onProgress?: (progress: LoadProgress) => void;
  /** Runs in the load's transaction after the lock, before the first item is read. */
  beforeRead?: (connection: Connection) => Promise<void>;
  /** Runs in the load's transaction once the events are written (the tracker-store position is saved here). */
  beforeCommit?: (connection: Connection, report: LoadReport) => Promise<void>;
}

export async function runLoad(adapter: Adapter, plan: LoadPlan): Promise<LoadReport> {
  const started = performance.now();
  const { schema } = plan;
  return adapter.transaction(async (connection) => {
    if (adapter.capabilities.advisoryLocks) await lockRawSchema(connection, schema);
    await connection.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await ensureSystemTables(connection, schema);
    const existing = await readRawSchema(connection, schema);
    const hasEvents = existing.has('event') && (await connection.query(`SELECT 1 FROM ${qualified(schema, 'event')} LIMIT 1`)).rows.length > 0;
    const loadId = await newLoadId(connection, schema);
    await plan.beforeRead?.(connection);
    const config: ProducerConfig = { schema, loadId, mode: hasEvents ? 'staged' : 'direct', existing: [...existing], skipInvalid: plan.skipInvalid };
    const runner = new OpRunner(connection);
    const onProgress = plan.onProgress ?? (() => undefined);
    let summary: ProducerSummary;
    try {
      summary = plan.host ? await plan.host(config, runner, onProgress) : await produceLoad(config, plan.items!, inThread(runner, onProgress));
    } catch (error) {
      // When the database failed, that is the cause to report (drain throws it); else the producer's error.
      await runner.drain();
      throw error;
    }
    await runner.drain();
    const { read, valid, tables: written } = summary;
    let counts: Record<string, number>;
    if (config.mode === 'staged') counts = await mergeStaged(connection, schema, written, summary.inLoadDuplicatesPossible);
    else if (summary.inLoadDuplicatesPossible) counts = await removeInLoadDuplicates(connection, schema, written, loadId);
    else counts = Object.fromEntries(written.map((table) => [table.name, table.rowsWritten]));
    if (written.some((table) => table.name === 'event')) await ensureHashIndex(connection, schema);

    const inserted = counts.event ?? 0;
    const report: LoadReport = {
      loadId,
      schema,
      read,
      inserted,
      alreadyPresent: valid - inserted,
      rejected: summary.rejected,
      tables: counts,
      recorded: inserted > 0,
      elapsedMs: 0,
    };
    if (report.recorded) await recordLoad(connection, schema, loadId, summary.schemaChanged);
    await plan.beforeCommit?.(connection, report);
    report.elapsedMs = Math.round(performance.now() - started);
    onProgress({ phase: 'done', read, rejected: summary.rejected });
    return report;
  });
}

function inThread(runner: OpRunner, onProgress: (progress: LoadProgress) => void): OpSink {
  return { send: (op) => runner.enqueue(op), ready: () => runner.ready(), progress: onProgress };
}
