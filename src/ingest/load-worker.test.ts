/**
 * The worker-thread load must write exactly what the in-thread load writes. A worker cannot run TypeScript, so
 * this file drives the compiled dist/ (fresh after `npm run build`, which `npm test` runs first) and compares
 * it with the in-thread path of the sources, table by table.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../adapters/index.js';
import { makeTempDir, uniqueName } from '../test-support/databases.js';
import { loadEvents } from './index.js';

const distDir = join(process.cwd(), 'dist', 'ingest');

function distIsFresh(): boolean {
  const worker = join(distDir, 'load-worker.js');
  const srcDir = join(process.cwd(), 'src', 'ingest');
  const newestSource = Math.max(...readdirSync(srcDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => statSync(join(srcDir, name)).mtimeMs));
  if (existsSync(worker) && statSync(worker).mtimeMs >= newestSource) return true;
  process.stderr.write(`Load worker tests skipped: ${worker} is missing or older than src/ingest; run \`npm run build\` (npm test does).\n`);
  return false;
}

const fresh = distIsFresh();
const compiled = fresh ? ((await import(pathToFileURL(join(distDir, 'index.js')).href)) as typeof import('./index.js')) : null;

/** Events that exercise the stateful parts: occurrence numbering, per-sender order, late columns, variants, rejects. */
function eventLines(): string[] {
  const lines: string[] = [];
  const push = (event: Record<string, unknown>): number => lines.push(JSON.stringify(event));
  for (let i = 0; i < 6000; i++) {
    const sender = `s${i % 7}`;
    push({ sender_id: sender, event: 'action', timestamp: 1700000000 + Math.floor(i / 3), name: 'action_listen', policy: null, confidence: 1 });
    push({ sender_id: sender, event: 'user', timestamp: 1700000000.5 + i, text: `hi ${i}`, parse_data: { intent: { name: 'greet', confidence: i % 2 }, entities: i % 5 ? [] : [{ entity: 'x', value: i }], intent_ranking: [{ name: 'greet', confidence: 0.5 }, { name: 'bye', confidence: 0.5 }] }, metadata: i > 4000 ? { late: `col ${i}`, score: i % 3 === 0 ? 'high' : i } : {} });
    if (i % 1000 === 999) lines.push('{"sender_id": "bad", "event": "user", "timestamp": "later"}');
  }
  lines.push('{"sender_id": "edge", "event": "user", "timestamp": 1700009999, "huge": 1e300, "big_id": 1, "intent_id": 2674161170217088760}');
  push({ sender_id: 'edge', event: 'user', timestamp: 1700010000, huge: 2, big_id: 1e300 });
  return lines;
}

describe.skipIf(!fresh)('loading in a worker thread (compiled dist/, PGlite)', () => {
  let adapter: Adapter;
  const temp = makeTempDir();
  const file = join(temp.path, 'events.jsonl');
  const prefixes: string[] = [];
  const prefix = (): string => {
    const name = uniqueName('wk');
    prefixes.push(name);
    return name;
  };

  beforeAll(async () => {
    adapter = await createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
    writeFileSync(file, `${eventLines().join('\n')}\n`);
  });
  afterAll(async () => {
    for (const name of prefixes) await adapter.query(`drop schema if exists "${name}_event" cascade`);
    await adapter.close();
    temp.remove();
  });

  /** Every table's columns and rows (without the load id), in a stable order. */
  const snapshot = async (schema: string): Promise<Record<string, unknown>> => {
    const tables = await adapter.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = $1 order by 1`, [schema]);
    const result: Record<string, unknown> = {};
    for (const { name } of tables.rows) {
      const columns = await adapter.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
        [schema, name],
      );
      const kept = columns.rows.map((column) => column.column_name).filter((column) => !['_load_id', 'load_id', 'inserted_at'].includes(column));
      const list = kept.map((column) => `"${column}"`).join(', ');
      const rows = await adapter.query(`select ${list} from "${schema}"."${name}" order by ${list}`);
      result[name] = { columns: columns.rows, rows: rows.rows };
    }
    return result;
  };

  it('writes the same tables, rows, hashes and report as the in-thread load, and is idempotent', async () => {
    const inThread = prefix();
    const inWorker = prefix();
    const expected = await loadEvents(adapter, { inputs: [file], prefix: inThread, skipInvalid: true, worker: false });
    const phases: string[] = [];
    const actual = await compiled!.loadEvents(adapter, { inputs: [file], prefix: inWorker, skipInvalid: true, worker: true, onProgress: (progress) => phases.push(progress.phase) });
    const comparable = ({ loadId: _loadId, elapsedMs: _elapsedMs, schema: _schema, ...rest }: typeof expected) => rest;
    expect(comparable(actual)).toEqual(comparable(expected));
    expect(actual).toMatchObject({ read: 12008, rejected: 6, inserted: 12002 });
    expect(phases).toContain('reading');
    expect(phases.at(-1)).toBe('done');
    expect(await snapshot(`${inWorker}_event`)).toEqual(await snapshot(`${inThread}_event`));

    // An integral float beyond int64 (1e300) makes or takes a double column instead of breaking the COPY.
    const huge = await adapter.query(`select huge::text, big_id::text, big_id__v_double::text, intent_id::text from "${inWorker}_event".event_user where sender_id = 'edge' order by timestamp`);
    expect(huge.rows).toEqual([
      { huge: '1e+300', big_id: '1', big_id__v_double: null, intent_id: '2674161170217088760' },
      { huge: '2', big_id: null, big_id__v_double: '1e+300', intent_id: null },
    ]);
    const late = await adapter.query<{ n: number }>(`select count(metadata__late)::int as n from "${inWorker}_event".event_user`);
    expect(late.rows[0]!.n).toBe(1999);

    const again = await compiled!.loadEvents(adapter, { inputs: [file], prefix: inWorker, skipInvalid: true, worker: true });
    expect(again).toMatchObject({ inserted: 0, alreadyPresent: 12002, recorded: false });
  });

  it('fails on an invalid record naming file and line, and writes nothing', async () => {
    const name = prefix();
    const error = await compiled!.loadEvents(adapter, { inputs: [file], prefix: name, skipInvalid: false, worker: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ChatsemError');
    expect((error as Error).message).toContain(`${file}:2001: `);
    expect((error as { location?: unknown }).location).toEqual({ file, line: 2001 });
    const schemas = await adapter.query(`select 1 from information_schema.schemata where schema_name = $1`, [`${name}_event`]);
    expect(schemas.rows).toEqual([]);
  });

  it('reads stdin in the worker', async () => {
    const name = prefix();
    const lines = eventLines().slice(0, 500);
    const report = await compiled!.loadEvents(adapter, { inputs: ['-'], stdin: Readable.from([`${lines.join('\n')}\n`]), prefix: name, skipInvalid: false, worker: true });
    expect(report).toMatchObject({ read: 500, inserted: 500 });
  });
});
