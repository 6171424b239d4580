/**
 * Acceptance (issue 6, criterion 5): the `_loads` lifecycle around `chatsem run` — nothing pending, full refresh,
 * two runs at once, an invalid prefix, a raw schema without event_active_loop. PostgreSQL when reachable (the
 * concurrency test needs it), else PGlite.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, sharedRasaDataDir } from '../../src/test-support/databases.js';
import { tracker } from './event-fixtures.js';
import {
  buildPrefix,
  compareSnapshots,
  loadEvents,
  loadsRows,
  openWorkspace,
  pendingLoadIds,
  rows,
  semanticSnapshot,
  SEMANTIC_TABLES,
  prefixRegistry,
  type PackageWorkspace,
} from './package-harness.js';

const postgres = await postgresReachable();
const dataDir = sharedRasaDataDir();
let workspace: PackageWorkspace;
const { newPrefix, prefixes } = prefixRegistry();

beforeAll(async () => {
  workspace = await openWorkspace(postgres ? 'postgres' : 'pglite');
});
afterAll(async () => {
  if (!workspace) return;
  for (const prefix of prefixes) await workspace.dropPrefix(prefix);
  await workspace.close();
});

const firstLoad = tracker('c1').sessionStart(0).user(1, 'greet').utter(2, 'utter_greet').user(5, 'order_status').utter(6, 'utter_order_status').events;
const secondLoad = [
  ...tracker('c1').user(50, 'thankyou').utter(51, 'utter_welcome').events,
  ...tracker('c2').sessionStart(60).user(61, 'billing_issue').utter(62, 'utter_billing_help').events,
];

/** Table oids: a table dropped and recreated (or swapped in) gets a new one. */
async function tableOids(prefix: string): Promise<Record<string, number>> {
  const result = await rows(
    workspace.adapter,
    `select c.relname, c.oid::int as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`,
    [`${prefix}_views`],
  );
  return Object.fromEntries(result.map((r) => [String(r.relname), Number(r.oid)]));
}

describe('a run with no pending loads', () => {
  it('says so and changes nothing', async () => {
    const prefix = newPrefix('idle');
    await buildPrefix(workspace, prefix, firstLoad);
    const before = { data: await semanticSnapshot(workspace.adapter, prefix), oids: await tableOids(prefix), loads: await loadsRows(workspace.adapter, prefix) };
    expect(before.data.sessions!.length).toBe(1);

    const run = await workspace.chatsem(prefix, 'run');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Nothing to do: no pending loads in ${prefix}_event._loads`);
    expect(compareSnapshots(before.data, await semanticSnapshot(workspace.adapter, prefix))).toBe('');
    const oids = await tableOids(prefix);
    for (const table of SEMANTIC_TABLES) expect(oids[table], table).toBe(before.oids[table]);
    expect(await loadsRows(workspace.adapter, prefix)).toEqual(before.loads);
  }, 120_000);
});

describe('--full-refresh', () => {
  it('rebuilds from every load and only adds the status-1 rows of the pending loads to _loads', async () => {
    const prefix = newPrefix('refresh');
    await buildPrefix(workspace, prefix, firstLoad);
    await loadEvents(workspace.adapter, prefix, secondLoad);
    const loadsBefore = await rows(workspace.adapter, `select load_id, status::int as status, inserted_at from "${prefix}_event"._loads order by load_id, status`);
    const loadsOid = await rows(workspace.adapter, `select '"${prefix}_event"._loads'::regclass::oid::int as oid`);
    const [pending] = await pendingLoadIds(workspace.adapter, prefix);

    const run = await workspace.chatsem(prefix, 'run', '--full-refresh');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Full refresh: processing all 2 loads');

    const loadsAfter = await rows(workspace.adapter, `select load_id, status::int as status, inserted_at from "${prefix}_event"._loads order by load_id, status`);
    const added = loadsAfter.filter((after) => !loadsBefore.some((b) => JSON.stringify(b) === JSON.stringify(after)));
    expect(loadsAfter.length).toBe(loadsBefore.length + 1);
    expect(added.map((r) => [r.load_id, r.status])).toEqual([[pending, 1]]);
    expect(await rows(workspace.adapter, `select '"${prefix}_event"._loads'::regclass::oid::int as oid`)).toEqual(loadsOid);

    const twin = newPrefix('twin');
    await buildPrefix(workspace, twin, firstLoad);
    await loadEvents(workspace.adapter, twin, secondLoad);
    expect((await workspace.chatsem(twin, 'run')).code).toBe(0);
    expect(
      compareSnapshots(await semanticSnapshot(workspace.adapter, twin, { omitLoadIds: true }), await semanticSnapshot(workspace.adapter, prefix, { omitLoadIds: true })),
    ).toBe('');
  }, 120_000);
});

describe.skipIf(!postgres)('two runs at once on PostgreSQL', () => {
  let holder: pg.Client;
  const lockKey = (prefix: string): string => `chatsem:loads:${prefix}_event`;
  const savedTimeout = process.env.CHATSEM_LOCK_TIMEOUT_MS;
  beforeAll(async () => {
    holder = new pg.Client({ connectionString: postgresTestUrl() });
    await holder.connect();
  });
  afterAll(async () => {
    if (savedTimeout === undefined) delete process.env.CHATSEM_LOCK_TIMEOUT_MS;
    else process.env.CHATSEM_LOCK_TIMEOUT_MS = savedTimeout;
    await holder?.end();
  });

  it('the second run waits for the first and then finds nothing to do', async () => {
    const prefix = newPrefix('wait');
    await buildPrefix(workspace, prefix, firstLoad);
    await loadEvents(workspace.adapter, prefix, secondLoad);
    process.env.CHATSEM_LOCK_TIMEOUT_MS = '120000';
    // Holding the runs' lock ourselves makes both wait, so that neither can finish before the other has started.
    await holder.query('select pg_advisory_lock(hashtext($1))', [lockKey(prefix)]);
    let released = false;
    try {
      const waiting = new Set<number>();
      let bothWaiting!: () => void;
      const ready = new Promise<void>((resolve) => (bothWaiting = resolve));
      const start = (i: number) =>
        workspace.cli(['run', '--vars', `source_schema_prefix=${prefix}`], (text) => {
          if (text.includes('Waiting for another chatsem run')) waiting.add(i);
          if (waiting.size === 2) bothWaiting();
        });
      const runs = [start(0), start(1)];
      // A run that ends without ever waiting (e.g. a compile error) must fail the test, not hang it.
      const endedEarly = Promise.race(runs).then((r) => {
        throw new Error(`a run ended before both were waiting for the lock (exit ${r.code}):\n${r.output}`);
      });
      await Promise.race([ready, endedEarly]);
      await holder.query('select pg_advisory_unlock(hashtext($1))', [lockKey(prefix)]);
      released = true;
      const [a, b] = await Promise.all(runs);
      expect(a!.code, a!.output).toBe(0);
      expect(b!.code, b!.output).toBe(0);
      const processed = [a!, b!].filter((r) => r.output.includes('Marked 1 load as processed'));
      const idle = [a!, b!].filter((r) => r.output.includes('Nothing to do: no pending loads'));
      expect(processed.length).toBe(1);
      expect(idle.length).toBe(1);
    } finally {
      if (!released) await holder.query('select pg_advisory_unlock(hashtext($1))', [lockKey(prefix)]);
    }
    const status1 = await rows(workspace.adapter, `select load_id, count(*)::int as n from "${prefix}_event"._loads where status = 1 group by load_id`);
    expect(status1.map((r) => r.n)).toEqual([1, 1]);
    const sessions = await rows(workspace.adapter, `select session_id, interactions_count::int as n from "${prefix}_views".sessions order by 1`);
    expect(sessions).toEqual([
      { session_id: 'c1/1', n: 3 },
      { session_id: 'c2/1', n: 1 },
    ]);
  }, 120_000);

  it('with CHATSEM_LOCK_TIMEOUT_MS=0 a run that finds the lock taken exits with a message naming it', async () => {
    const prefix = newPrefix('busy');
    await buildPrefix(workspace, prefix, firstLoad);
    await loadEvents(workspace.adapter, prefix, secondLoad);
    const pending = await pendingLoadIds(workspace.adapter, prefix);
    process.env.CHATSEM_LOCK_TIMEOUT_MS = '0';
    await holder.query('select pg_advisory_lock(hashtext($1))', [lockKey(prefix)]);
    try {
      const run = await workspace.chatsem(prefix, 'run');
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain(`Another chatsem run is processing the loads of ${prefix}_event`);
      expect(run.output).toMatch(/server pid \d+/);
    } finally {
      await holder.query('select pg_advisory_unlock(hashtext($1))', [lockKey(prefix)]);
    }
    expect(await pendingLoadIds(workspace.adapter, prefix)).toEqual(pending);
  }, 120_000);
});

describe('an invalid source_schema_prefix', () => {
  const schemasLike = async (pattern: string) => rows(workspace.adapter, `select schema_name from information_schema.schemata where schema_name like $1`, [pattern]);

  it.each(['bad-prefix', 'x; drop'])('%s: run, seed and load fail with exit 2 before any SQL', async (prefix) => {
    const temp = makeTempDir('chatsem-prefix-');
    try {
      const file = join(temp.path, 'events.jsonl');
      writeFileSync(file, firstLoad.map((e) => JSON.stringify(e)).join('\n') + '\n');
      for (const args of [['run'], ['seed'], ['load', file]]) {
        const result = await workspace.chatsem(prefix, ...args);
        expect(result.code, `${args[0]}: ${result.output}`).toBe(2);
        expect(result.output, args[0]).toContain('source_schema_prefix');
        expect(result.output, args[0]).toContain(prefix);
      }
      expect(await schemasLike(`${prefix.slice(0, 3)}%`)).toEqual([]);
    } finally {
      temp.remove();
    }
  });
});

describe.skipIf(!dataDir)('a raw schema without event_active_loop', () => {
  it('the Botfront export alone loads, seeds, runs and tests', async () => {
    const prefix = newPrefix('botfront');
    for (const args of [['load', join(dataDir!, 'botfront__botfront', 'conversation.json')], ['seed'], ['run'], ['test']]) {
      const result = await workspace.chatsem(prefix, ...args);
      expect(result.code, `chatsem ${args.join(' ')}:\n${result.output}`).toBe(0);
    }
    const tables = await rows(workspace.adapter, `select table_name from information_schema.tables where table_schema = $1 and table_name = 'event_active_loop'`, [
      `${prefix}_event`,
    ]);
    expect(tables).toEqual([]);
    const sessions = await rows(workspace.adapter, `select count(*)::int as n, count(distinct sender_id)::int as senders from "${prefix}_views".sessions`);
    expect(sessions[0]).toEqual({ n: 8, senders: 8 });
  }, 120_000);
});
