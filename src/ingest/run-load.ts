/**
 * One load: every event of the invocation, the `_rejected_events` rows, the `_loads` row and the `_version`
 * row commit in one transaction or not at all (semantic-schema.md §3). Reading, unpacking and COPY overlap;
 * see merge-load.ts for how re-loaded events are recognised.
 */
import type { Adapter, Connection } from '../adapters/index.js';
import { ChatsemError, quoteIdentifier } from '../core/index.js';
import { EventFlattener } from './flatten-event.js';
import type { InputItem, InputRejection, LoadProgress, LoadReport } from './load-types.js';
import { ensureHashIndex, mergeStaged, removeInLoadDuplicates } from './merge-load.js';
import { EventPreparer } from './prepare-event.js';
import { REJECTED_COLUMNS, REJECTED_TABLE, ensureSystemTables, lockRawSchema, newLoadId, qualified, readRawSchema, recordLoad } from './raw-schema.js';
import { RawTables } from './raw-tables.js';
import { TableWriter } from './table-writer.js';
import { escapeCopyText } from './copy-text.js';

export interface LoadPlan {
  /** `<prefix>_event`, already validated. */
  schema: string;
  /** Batches of items (one await per batch keeps the per-event cost down). */
  items: AsyncIterable<InputItem[]>;
  skipInvalid: boolean;
  onProgress?: (progress: LoadProgress) => void;
  /** Runs in the load's transaction after the lock, before the first item is read. */
  beforeRead?: (connection: Connection) => Promise<void>;
  /** Runs in the load's transaction once the events are written (the tracker-store position is saved here). */
  beforeCommit?: (connection: Connection, report: LoadReport) => Promise<void>;
}

const PROGRESS_EVERY = 10_000;
const REJECTED_FLUSH_CHARS = 4 << 20;

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
    const tables = new RawTables(existing);
    const writer = new TableWriter(connection, schema, hasEvents ? 'staged' : 'direct');
    const flattener = new EventFlattener(tables);
    const preparer = new EventPreparer(loadId);
    const rejected = new RejectedWriter(writer, schema, loadId);
    let read = 0;
    let valid = 0;
    let source: string | undefined;

    for await (const batch of plan.items) {
      for (const item of batch) {
        read++;
        source = item.source;
        if (item.kind === 'rejected') {
          rejectOrFail(item, plan.skipInvalid, rejected);
        } else {
          const prepared = preparer.prepare(item);
          if (typeof prepared === 'string') {
            rejectOrFail({ kind: 'rejected', source: item.source, line: item.line, detail: item.detail, reason: prepared, raw: rawText(item.event) }, plan.skipInvalid, rejected);
          } else {
            valid++;
            flattener.flatten(prepared);
          }
        }
        if (read % PROGRESS_EVERY === 0) plan.onProgress?.({ phase: 'reading', read, rejected: rejected.count, source });
      }
      for (const table of tables.tables.values()) await writer.maybeFlush(table);
    }

    plan.onProgress?.({ phase: 'merging', read, rejected: rejected.count, source });
    await writer.flushAll(tables.tables.values());
    rejected.flush();
    await writer.drain();
    const written = [...tables.tables.values()];
    let counts: Record<string, number>;
    if (writer.mode === 'staged') counts = await mergeStaged(connection, schema, writer, written, preparer.inLoadDuplicatesPossible);
    else if (preparer.inLoadDuplicatesPossible) counts = await removeInLoadDuplicates(connection, schema, written, loadId);
    else counts = Object.fromEntries(written.map((table) => [table.name, table.rowsWritten]));
    if (tables.tables.has('event')) await ensureHashIndex(connection, schema);

    const inserted = counts.event ?? 0;
    const report: LoadReport = {
      loadId,
      schema,
      read,
      inserted,
      alreadyPresent: valid - inserted,
      rejected: rejected.count,
      tables: counts,
      recorded: inserted > 0,
      elapsedMs: 0,
    };
    if (report.recorded) await recordLoad(connection, schema, loadId, tables.schemaChanged);
    await plan.beforeCommit?.(connection, report);
    report.elapsedMs = Math.round(performance.now() - started);
    plan.onProgress?.({ phase: 'done', read, rejected: rejected.count });
    return report;
  });
}

function rejectOrFail(item: InputRejection, skipInvalid: boolean, rejected: RejectedWriter): void {
  if (!skipInvalid) {
    const where = item.detail ? ` (${item.detail})` : '';
    throw new ChatsemError(`${item.source}:${item.line}${where}: ${item.reason}. Nothing was loaded.`, {
      location: { file: item.source, line: item.line },
      hint: 'Fix the input, or pass --skip-invalid to load the valid events and keep the invalid ones in _rejected_events.',
      exitCode: 1,
    });
  }
  rejected.add(item);
}

function rawText(event: unknown): string {
  try {
    return JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)).replace(/\\u0000/g, '\\\\u0000');
  } catch {
    return String(event);
  }
}

/** Rows for `_rejected_events`, written with COPY in the load's transaction, straight to the raw schema. */
class RejectedWriter {
  count = 0;
  private lines: string[] = [];
  private chars = 0;

  constructor(
    private readonly writer: TableWriter,
    private readonly schema: string,
    private readonly loadId: string,
  ) {}

  add(item: InputRejection): void {
    this.count++;
    const where = item.detail ? ` (${item.detail})` : '';
    const line = [this.loadId, escapeCopyText(item.source), String(item.line), escapeCopyText(item.reason + where), escapeCopyText(item.raw)].join('\t');
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars > REJECTED_FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    const bytes = this.chars;
    this.lines = [];
    this.chars = 0;
    const columns = REJECTED_COLUMNS.filter(([name]) => name !== 'inserted_at').map(([name]) => quoteIdentifier(name)).join(', ');
    this.writer.enqueue(bytes, async () => {
      await this.writer.copyLines(`COPY ${qualified(this.schema, REJECTED_TABLE)} (${columns}) FROM STDIN`, lines);
    });
  }
}
