/**
 * Harness of the marts acceptance tests: a scratch copy of the whole package (marts, snapshots and analyses
 * included), the CLI run in-process on one open warehouse per test file, loads written with the loader's API,
 * and whole tables read back as plain rows for comparisons.
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { IN_MEMORY_PATH, createAdapter, type Adapter } from '../../src/adapters/index.js';
import { main } from '../../src/cli/main.js';
import { loadEventStream, type SenderEvent } from '../../src/ingest/index.js';
import { makeTempDir, postgresTestUrl } from '../../src/test-support/databases.js';
import { pgliteProfile, postgresProfile, repoRoot } from '../cli.js';

export type WarehouseKind = 'pglite' | 'postgres';

const PACKAGE_ENTRIES = ['project.yaml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots'];

/** Every mart table the incremental-equals-full-refresh check compares (the snapshot keeps history on purpose). */
export const MART_TABLES = [
  'fact_sessions',
  'fact_messages',
  'dim_users',
  'dim_channels',
  'dim_intents',
  'sessions_daily',
  'kpi_daily',
  'kpi_daily_channel',
  'kpi_executive',
  'kpi_top_intents',
  'kpi_top_devices',
  'kpi_top_countries',
  'dim_languages',
  'dim_countries',
  'dim_devices',
  'dim_channel_groups',
  'dim_intent_categories',
  'dim_users_snowflake',
  'dim_channels_snowflake',
  'dim_intents_snowflake',
];

export interface MartsWorkspace {
  kind: WarehouseKind;
  dir: string;
  adapter: Adapter;
  /** `chatsem <args> --vars <vars>` in-process on the shared warehouse; returns the exit code and all output. */
  chatsem(vars: Record<string, unknown>, ...args: string[]): Promise<{ code: number; output: string }>;
  load(prefix: string, events: Iterable<SenderEvent>): Promise<void>;
  /** All rows of `<prefix>_<schema>.<table>`, values as the driver returns them. */
  rows(prefix: string, schema: string, table: string): Promise<Record<string, unknown>[]>;
  dropPrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export async function openMartsWorkspace(kind: WarehouseKind): Promise<MartsWorkspace> {
  const temp = makeTempDir('chatsem-marts-');
  const dir = temp.path;
  for (const entry of PACKAGE_ENTRIES) {
    if (existsSync(join(repoRoot, entry))) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  let adapter: Adapter;
  if (kind === 'pglite') {
    writeFileSync(join(dir, 'profiles.yml'), pgliteProfile('chatsem', IN_MEMORY_PATH));
    adapter = await createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  } else {
    const url = new URL(postgresTestUrl());
    writeFileSync(join(dir, 'profiles.yml'), postgresProfile('chatsem', url.toString(), 'public'));
    adapter = await createAdapter({
      type: 'postgres',
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || 'postgres',
      database: url.pathname.slice(1),
      schema: 'public',
      threads: 4,
    });
  }
  return {
    kind,
    dir,
    adapter,
    async chatsem(vars, ...args) {
      let output = '';
      const sink = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          output += chunk.toString();
          done();
        },
      });
      const argv = ['node', 'chatsem', ...args, '--vars', JSON.stringify(vars), '--project-dir', dir, '--profiles-dir', dir];
      const code = await main(argv, { stdout: sink, stderr: sink, adapter });
      return { code, output };
    },
    async load(prefix, events) {
      await loadEventStream(adapter, { events, prefix, sourceName: 'e2e/marts' });
    },
    async rows(prefix, schema, table) {
      return (await adapter.query(`select * from "${prefix}_${schema}"."${table}"`)).rows;
    },
    async dropPrefix(prefix) {
      for (const suffix of ['event', 'staging', 'views', 'marts']) await adapter.query(`drop schema if exists "${prefix}_${suffix}" cascade`);
    },
    async close() {
      await adapter.close();
      temp.remove();
    },
  };
}

/** A value as comparable data: numbers (the drivers return bigint/numeric as text) and ISO timestamps. */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** Rows as sorted JSON lines, so two tables compare regardless of row order. */
export function canonical(rows: Record<string, unknown>[]): string[] {
  return rows
    .map((row) => JSON.stringify(Object.fromEntries(Object.keys(row).sort().map((key) => [key, normaliseFloat(plain(row[key]))]))))
    .sort();
}

/** Sums of floats in a different order differ in the last bits; 12 significant digits are plenty for KPIs. */
function normaliseFloat(value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value;
}

/** Expected and actual values are equal (numbers within a relative 1e-5, absolute 1e-5 near zero: timestamps are stored to the microsecond). */
export function close(actual: unknown, expected: unknown): boolean {
  const a = plain(actual);
  if (expected === null || expected === undefined) return a === null || a === undefined;
  if (typeof expected === 'number') return typeof a === 'number' && Math.abs(a - expected) <= 1e-5 * Math.max(1, Math.abs(expected));
  return a === expected;
}

/** Messages naming every column of every row that differs from the expected rows (matched by key). */
export function differences(table: string, actual: Record<string, unknown>[], expected: readonly object[], key: string[]): string[] {
  const id = (row: Record<string, unknown>): string => key.map((k) => String(plain(row[k]))).join('|');
  const byKey = new Map(actual.map((row) => [id(row), row]));
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`${table}: ${actual.length} rows, expected ${expected.length}`);
  for (const want of expected as Record<string, unknown>[]) {
    const got = byKey.get(id(want));
    if (!got) {
      problems.push(`${table}: no row ${id(want)}`);
      continue;
    }
    for (const [column, value] of Object.entries(want)) {
      if (!(column in got)) problems.push(`${table}.${column}: no such column`);
      else if (!close(got[column], value)) problems.push(`${table} ${id(want)}: ${column} = ${JSON.stringify(plain(got[column]))}, expected ${JSON.stringify(value)}`);
    }
  }
  return problems;
}
