/**
 * Acceptance-test harness for the chat semantic schema package: a scratch copy of the package (so parallel test
 * files never share target/ or logs/, and a test may break its own copy), the CLI run in-process against one open
 * warehouse per test file, and order-independent snapshots of whole tables for comparisons.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Adapter } from '../../src/adapters/index.js';
import { IN_MEMORY_PATH, createAdapter } from '../../src/adapters/index.js';
import { main } from '../../src/cli/main.js';
import { loadEventStream } from '../../src/ingest/index.js';
import type { SenderEvent } from '../../src/ingest/index.js';
import { defaultSynthConfig, generateEvents } from '../../src/synth/index.js';
import { makeTempDir, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { postgresProfile, pgliteProfile, repoRoot } from '../cli.js';

export type WarehouseKind = 'pglite' | 'postgres';

import type { CheckEngine } from './incremental-check.mjs';
export { SEMANTIC_TABLES, compareSnapshots, semanticSnapshot, tableSnapshot } from './incremental-check.mjs';

const PACKAGE_ENTRIES = ['project.yaml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots'];

/**
 * What a copy holds: `full` is the whole package as users run it; `semantic` is only what builds the semantic
 * schema (issue 6): no KPI marts, analyses or snapshots, so these tests neither wait for nor depend on them.
 */
export type PackageScope = 'full' | 'semantic';

export interface CliRun {
  code: number;
  output: string;
}

export interface PackageWorkspace {
  kind: WarehouseKind;
  dir: string;
  adapter: Adapter;
  /**
   * `chatsem <args> --project-dir <copy> --profiles-dir <copy>` in-process, on the shared warehouse; `onOutput`
   * sees the output as it is written (to wait for a line while the command still runs).
   */
  cli(args: string[], onOutput?: (text: string) => void): Promise<CliRun>;
  /** Shorthand: `cli([...args, '--vars', 'source_schema_prefix=<prefix>'])`. */
  chatsem(prefix: string, ...args: string[]): Promise<CliRun>;
  /** Drop `<prefix>_event`, `_staging`, `_views` (and `_marts`). */
  dropPrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where the package under test is: the repository root, or CHATSEM_PACKAGE_DIR (to run these acceptance tests
 * against another copy, e.g. one with a defect put back on purpose to see the test catch it).
 */
export const packageRoot = process.env.CHATSEM_PACKAGE_DIR ?? repoRoot;

/** Copy the package into `dir`. */
export function copyPackage(dir: string, scope: PackageScope = 'semantic'): string {
  for (const entry of PACKAGE_ENTRIES) {
    if (scope === 'semantic' && (entry === 'analyses' || entry === 'snapshots')) continue;
    const from = join(packageRoot, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(dir, entry), {
      recursive: true,
      filter: (source) => scope === 'full' || source !== join(packageRoot, 'models', 'marts'),
    });
  }
  return dir;
}

/** A package copy plus an open warehouse; the profile in the copy names the same warehouse for the compiler. */
export async function openWorkspace(kind: WarehouseKind, scope: PackageScope = 'semantic'): Promise<PackageWorkspace> {
  const temp = makeTempDir('chatsem-semantic-');
  const dir = copyPackage(temp.path, scope);
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
  return workspaceOn(kind, dir, adapter, temp.remove);
}

export function workspaceOn(kind: WarehouseKind, dir: string, adapter: Adapter, remove: () => void = () => undefined): PackageWorkspace {
  const cli = (args: string[], onOutput?: (text: string) => void): Promise<CliRun> =>
    runInProcess([...args, '--project-dir', dir, '--profiles-dir', dir], adapter, onOutput);
  return {
    kind,
    dir,
    adapter,
    cli,
    chatsem: (prefix, ...args) => cli([...args, '--vars', `source_schema_prefix=${prefix}`]),
    dropPrefix: (prefix) => dropPrefix(adapter, prefix),
    async close() {
      await adapter.close();
      remove();
    },
  };
}

/** Run the CLI in this process; stdout and stderr are captured together (the tests read messages, not streams). */
export async function runInProcess(args: string[], adapter?: Adapter, onOutput?: (text: string) => void): Promise<CliRun> {
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      output += chunk.toString();
      onOutput?.(output);
      done();
    },
  });
  const code = await main(['node', 'chatsem', ...args], { stdout: sink, stderr: sink, adapter });
  return { code, output };
}

/** Unique source_schema_prefix values for a test file, remembered so its afterAll can drop their schemas. */
export function prefixRegistry(): { newPrefix: (name: string) => string; prefixes: string[] } {
  const prefixes: string[] = [];
  const newPrefix = (name: string): string => {
    const prefix = uniqueName(name).slice(0, 24);
    prefixes.push(prefix);
    return prefix;
  };
  return { newPrefix, prefixes };
}

export async function dropPrefix(adapter: Adapter, prefix: string): Promise<void> {
  for (const suffix of ['event', 'staging', 'views', 'marts', 'snapshots']) {
    await adapter.query(`drop schema if exists "${prefix}_${suffix}" cascade`);
  }
}

/** `_loads` rows of a prefix. */
export async function loadsRows(adapter: Adapter, prefix: string): Promise<{ load_id: string; status: number }[]> {
  const result = await adapter.query<{ load_id: string; status: string | number }>(
    `select load_id, status from "${prefix}_event"."_loads" order by load_id, status`,
  );
  return result.rows.map((r) => ({ load_id: String(r.load_id), status: Number(r.status) }));
}

/** Load ids with a status-0 row and no status-1 row. */
export async function pendingLoadIds(adapter: Adapter, prefix: string): Promise<string[]> {
  const rows = await loadsRows(adapter, prefix);
  const done = new Set(rows.filter((r) => r.status === 1).map((r) => r.load_id));
  return [...new Set(rows.filter((r) => r.status === 0 && !done.has(r.load_id)).map((r) => r.load_id))];
}

/** Load events as one load (the loader's API, as `chatsem load` does it, without a file). */
export async function loadEvents(adapter: Adapter, prefix: string, events: Iterable<SenderEvent>): Promise<void> {
  await loadEventStream(adapter, { events, prefix });
}

/** The engine of the incremental property check (incremental-check.mjs), from src/. */
export function checkEngine(workspace: PackageWorkspace): CheckEngine {
  return {
    generateEvents: generateEvents as unknown as CheckEngine['generateEvents'],
    baseConfig: defaultSynthConfig,
    load: (prefix, events) => loadEvents(workspace.adapter, prefix, events as SenderEvent[]),
    chatsem: (prefix, ...args) => workspace.chatsem(prefix, ...args),
    query: (sql, params) => workspace.adapter.query(sql, params),
    dropPrefix: (prefix) => workspace.dropPrefix(prefix),
  };
}

/**
 * Another copy of the package on the same open warehouse, edited by `edit(dir)` (e.g. a broken properties file).
 * Its `close()` removes the copy and leaves the warehouse open.
 */
export function packageVariant(base: PackageWorkspace, edit: (dir: string) => void, scope: PackageScope = 'semantic'): PackageWorkspace {
  const temp = makeTempDir('chatsem-variant-');
  const dir = copyPackage(temp.path, scope);
  writeFileSync(join(dir, 'profiles.yml'), readFileSync(join(base.dir, 'profiles.yml')));
  edit(dir);
  const variant = workspaceOn(base.kind, dir, base.adapter);
  return { ...variant, close: async () => temp.remove() };
}

/** Load events, seed and run a prefix; throws with the output when a step does not exit 0. */
export async function buildPrefix(workspace: PackageWorkspace, prefix: string, events: Iterable<SenderEvent>, ...runArgs: string[]): Promise<void> {
  await loadEvents(workspace.adapter, prefix, events);
  for (const args of [['seed'], ['run', ...runArgs]]) {
    const result = await workspace.chatsem(prefix, ...args);
    if (result.code !== 0) throw new Error(`chatsem ${args.join(' ')} on ${prefix} exited ${result.code}:\n${result.output}`);
  }
}

/** Rows of a query (cast bigint counts to int in the SQL: the drivers return bigint as text). */
export async function rows(adapter: Adapter, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await adapter.query(sql, params)).rows;
}
