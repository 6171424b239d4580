/**
 * `npm run bench` for ingest: write N generated events as JSON Lines, load the file into PostgreSQL and into
 * PGlite with `loadEvents` (parse, hash, unpack, COPY, dedup: the whole `chatsem load`), and time `psql \copy`
 * of the very rows that load produced, as CSV-free COPY text, into empty tables: the floor no loader can beat.
 * The generator is passed in (ingest does not depend on synth).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Adapter } from '../adapters/index.js';
import { quoteIdentifier } from '../core/index.js';
import { loadEvents } from './load-events.js';
import type { LoadProgress, LoadReport, SenderEvent } from './load-types.js';

export interface IngestBenchOptions {
  /** How many events to generate and load. */
  events: number;
  /** A fresh stream of events (the bench takes the first `events`). */
  generate: () => Iterable<SenderEvent> | AsyncIterable<SenderEvent>;
  /** Folder for the JSONL file and the floor's COPY files. */
  workDir: string;
  postgres?: { adapter: Adapter; /** libpq URL for `psql`. */ url: string };
  pglite?: Adapter;
  /** Schema prefix; a unique one per run keeps runs apart. Its schemas are dropped afterwards. */
  prefix: string;
  onStep?: (message: string) => void;
  /** Parse in a worker thread (default: as `chatsem load` decides, i.e. yes for the bench's file). */
  worker?: boolean;
}

export interface BenchTiming {
  ms: number;
  eventsPerSecond: number;
  /** CPU time of this process over the step, all threads (the load worker's included). */
  cpuMs?: number;
}

export interface IngestBenchResult {
  events: number;
  jsonlBytes: number;
  generation: BenchTiming;
  postgres?: BenchTiming & { report: LoadReport; floor: BenchTiming & { rows: number }; ratioToFloor: number };
  pglite?: BenchTiming & { report: LoadReport };
}

export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const step = options.onStep ?? (() => undefined);
  const file = join(options.workDir, 'bench-events.jsonl');
  step(`generating ${options.events} events to ${file}`);
  const generated = await timed(() => writeEvents(options.generate(), options.events, file));
  const result: IngestBenchResult = {
    events: generated.value.count,
    jsonlBytes: generated.value.bytes,
    generation: rate(generated.ms, generated.value.count),
  };
  if (options.postgres) {
    const { adapter, url } = options.postgres;
    const prefix = `${options.prefix}_pg`;
    try {
      step('loading into PostgreSQL');
      await settle(adapter);
      const phases = phaseClock(step);
      const load = await timed(() => loadEvents(adapter, { inputs: [file], prefix, skipInvalid: false, onProgress: phases, worker: options.worker }));
      step('measuring the psql \\copy floor');
      const floor = await copyFloor(adapter, url, `${prefix}_event`, `${prefix}_floor`, options.workDir);
      result.postgres = { ...rate(load.ms, result.events), cpuMs: load.cpuMs, report: load.value, floor: { ...rate(floor.ms, result.events), rows: floor.rows }, ratioToFloor: load.ms / floor.ms };
    } finally {
      await adapter.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(`${prefix}_event`)} CASCADE`);
      await adapter.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(`${prefix}_floor`)} CASCADE`);
    }
  }
  if (options.pglite) {
    const prefix = `${options.prefix}_lite`;
    try {
      step('loading into PGlite');
      const load = await timed(() => loadEvents(options.pglite!, { inputs: [file], prefix, skipInvalid: false, onProgress: phaseClock(step), worker: options.worker }));
      result.pglite = { ...rate(load.ms, result.events), cpuMs: load.cpuMs, report: load.value };
    } finally {
      await options.pglite.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(`${prefix}_event`)} CASCADE`);
    }
  }
  return result;
}

/**
 * Writes out what earlier steps left dirty (CHECKPOINT), so that the load and the floor each start from a clean
 * server: the floor runs right after a load of ~1 GB and otherwise pays for that load's checkpoint, which once
 * made it look up to 1.7x slower than when run alone. Needs a superuser (or pg_checkpoint); without, nothing.
 */
async function settle(adapter: Adapter): Promise<void> {
  await adapter.query('CHECKPOINT').catch(() => undefined);
}

/** Reports when reading ends and when the load is done, so the cost of the final merge and commit shows. */
function phaseClock(step: (message: string) => void): (progress: LoadProgress) => void {
  const started = performance.now();
  return (progress) => {
    if (progress.phase !== 'reading') step(`  ${progress.phase} after ${Math.round(performance.now() - started)} ms (${progress.read} events read)`);
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: Math.round((used.user + used.system) / 1000) };
}

function rate(ms: number, events: number): BenchTiming {
  return { ms: Math.round(ms), eventsPerSecond: Math.round(events / (ms / 1000)) };
}

async function writeEvents(events: Iterable<SenderEvent> | AsyncIterable<SenderEvent>, limit: number, path: string): Promise<{ count: number; bytes: number }> {
  const out = createWriteStream(path);
  let count = 0;
  let bytes = 0;
  let buffer = '';
  for await (const event of events) {
    if (count >= limit) break;
    buffer += `${JSON.stringify(event)}\n`;
    count++;
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return { count, bytes };
}

/**
 * Exports every raw table the load wrote to COPY text files, recreates them empty in another schema, and times
 * one `psql -1` session that `\copy`s them all back: the same rows, with no parsing, hashing or dedup.
 */
async function copyFloor(adapter: Adapter, url: string, schema: string, floorSchema: string, dir: string): Promise<{ ms: number; rows: number }> {
  const tables = await adapter.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
    [schema],
  );
  await adapter.query(`CREATE SCHEMA ${quoteIdentifier(floorSchema)}`);
  const commands: string[] = [];
  let rows = 0;
  for (const [i, { name }] of tables.rows.entries()) {
    const path = join(dir, `floor-${i}.copy`);
    const sink = createWriteStream(path);
    rows += await adapter.copyTo(`COPY ${quoteIdentifier(schema)}.${quoteIdentifier(name)} TO STDOUT`, sink);
    await adapter.query(`CREATE TABLE ${quoteIdentifier(floorSchema)}.${quoteIdentifier(name)} (LIKE ${quoteIdentifier(schema)}.${quoteIdentifier(name)})`);
    commands.push(`\\copy ${quoteIdentifier(floorSchema)}.${quoteIdentifier(name)} FROM '${path.replace(/'/g, "''")}'`);
  }
  const script = join(dir, 'floor.psql');
  const scriptFile = createWriteStream(script);
  scriptFile.end(`${commands.join('\n')}\n`);
  await once(scriptFile, 'finish');
  await settle(adapter);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('psql', [url, '-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}: ${stderr.trim()}`))));
  });
  return { ms: performance.now() - started, rows };
}
