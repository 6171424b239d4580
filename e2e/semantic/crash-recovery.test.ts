/**
 * Acceptance (issue 6, criterion 3): exactly-once processing when `chatsem run` is killed. A real CLI process
 * (bin/chatsem.js, built by `npm test`) is SIGKILLed at a random point of a run, then the run is repeated to
 * completion. Right after the kill, `_loads` must show either nothing of the run (its loads still pending) or all
 * of its loads processed — and in that case the tables must already be complete. After every rerun each raw event
 * is in the semantic tables exactly once and each load is marked once; after the last trial the semantic tables
 * must equal a clean full build of the same events in another prefix. PostgreSQL only: PGlite is in-process and
 * cannot be killed separately from its client.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, uniqueName } from '../../src/test-support/databases.js';
import { defaultSynthConfig, generateEvents } from '../../src/synth/index.js';
import { cliPath } from '../cli.js';
import { makeDataset, seededRandom } from './incremental-check.mjs';
import type { DatasetEvent } from './incremental-check.mjs';
import {
  compareSnapshots,
  loadEvents,
  loadsRows,
  openWorkspace,
  pendingLoadIds,
  semanticSnapshot,
  type PackageWorkspace,
} from './package-harness.js';
import type { SenderEvent } from '../../src/ingest/index.js';

const postgres = await postgresReachable();
const TRIALS = Number(process.env.CHATSEM_CRASH_TRIALS ?? 10);
const MARKER = /Processing \d+ pending load/;

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** ms from spawn to the line announcing the pending loads (null if it never came). */
  markerAt: number | null;
  elapsed: number;
}

/**
 * `chatsem run` in a child process; `killAfter` decides when to SIGKILL it: a delay from spawn, or from the
 * moment the run announced its pending loads (the SQL phase), or never.
 */
function childRun(workspace: PackageWorkspace, prefix: string, killAfter: { from: 'spawn' | 'marker'; ms: number } | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    delete env.DATABASE_URL;
    delete env.CHATSEM_PROFILES_DIR;
    delete env.CHATSEM_LOCK_TIMEOUT_MS;
    const child = spawn(
      process.execPath,
      [cliPath, 'run', '--vars', `source_schema_prefix=${prefix}`, '--project-dir', workspace.dir, '--profiles-dir', workspace.dir],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let markerAt: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => (timer = setTimeout(() => child.kill('SIGKILL'), ms));
    if (killAfter?.from === 'spawn') arm(killAfter.ms);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (markerAt === null && MARKER.test(output)) {
        markerAt = Date.now() - started;
        if (killAfter?.from === 'marker') arm(killAfter.ms);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, output, markerAt, elapsed: Date.now() - started });
    });
  });
}

/** Raw tables against semantic tables: each raw event exactly once (rows that differ are listed). */
async function reconciliation(workspace: PackageWorkspace, prefix: string): Promise<string[]> {
  const pairs: [string, string, string][] = [
    ['event', 'event_sequence', '_record_hash'],
    ['event_user', 'user_messages', 'user_message_record_hash'],
    ['event_bot', 'bot_messages', 'bot_record_hash'],
    ['event_action', 'story_actions', 'action_record_hash'],
    ['event_slot', 'slot_events', 'slot_record_hash'],
  ];
  const problems: string[] = [];
  for (const [raw, semantic, key] of pairs) {
    const result = await workspace.adapter.query<{ raw: number; semantic: number; distinct_keys: number; missing: number }>(
      `select (select count(*)::int from "${prefix}_event"."${raw}") as raw,
              (select count(*)::int from "${prefix}_views"."${semantic}") as semantic,
              (select count(distinct "${key}")::int from "${prefix}_views"."${semantic}") as distinct_keys,
              (select count(*)::int from "${prefix}_event"."${raw}" r
                where not exists (select 1 from "${prefix}_views"."${semantic}" s where s."${key}" = r._record_hash)) as missing`,
    );
    const row = result.rows[0]!;
    if (row.raw !== row.semantic || row.distinct_keys !== row.semantic || row.missing !== 0) problems.push(`${semantic}: ${JSON.stringify(row)}`);
  }
  const interactions = await workspace.adapter.query<{ n: number; ids: number }>(
    `select count(*)::int as n, count(distinct interaction_id)::int as ids from "${prefix}_views".interactions`,
  );
  if (interactions.rows[0]!.n !== interactions.rows[0]!.ids) problems.push(`interactions: ${JSON.stringify(interactions.rows[0])}`);
  return problems;
}

describe.skipIf(!postgres)('exactly once when chatsem run is killed (PostgreSQL)', () => {
  let workspace: PackageWorkspace;
  const crashed = uniqueName('crash').slice(0, 24);
  const reference = uniqueName('ref').slice(0, 24);

  beforeAll(async () => {
    workspace = await openWorkspace('postgres');
  });
  afterAll(async () => {
    if (!workspace) return;
    await workspace.dropPrefix(crashed);
    await workspace.dropPrefix(reference);
    await workspace.close();
  });

  it(`${TRIALS} runs killed at random points leave no load half-processed and lose or duplicate nothing`, async () => {
    const seed = Number(process.env.CHATSEM_CRASH_SEED ?? 4242);
    const random = seededRandom(seed);
    const data = makeDataset(seed, generateEvents as never, defaultSynthConfig, { sessions: 24, loads: TRIALS + 2 });
    const load = async (prefix: string, events: DatasetEvent[]) => loadEvents(workspace.adapter, prefix, events as SenderEvent[]);
    const ok = async (prefix: string, ...args: string[]) => {
      const result = await workspace.chatsem(prefix, ...args);
      expect(result.code, `chatsem ${args.join(' ')} on ${prefix}:\n${result.output}`).toBe(0);
    };

    await load(crashed, data.loads[0]!);
    await ok(crashed, 'seed');
    await ok(crashed, 'run');

    // A normal run of one pending load, to know how long a run lasts and when its SQL phase starts.
    await load(crashed, data.loads[1]!);
    const normal = await childRun(workspace, crashed, null);
    expect(normal.code, normal.output).toBe(0);
    expect(normal.markerAt, normal.output).not.toBeNull();
    expect(await reconciliation(workspace, crashed)).toEqual([]);
    const sqlPhase = Math.max(50, normal.elapsed - normal.markerAt!);

    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      await load(crashed, data.loads[trial + 2]!);
      const pending = await pendingLoadIds(workspace.adapter, crashed);
      expect(pending.length, `trial ${trial}`).toBe(1);

      // Half the kills fall anywhere in the process's life, half inside the SQL phase.
      const kill = trial % 2 === 0 ? { from: 'spawn' as const, ms: Math.floor(random() * normal.elapsed) } : { from: 'marker' as const, ms: Math.floor(random() * sqlPhase) };
      const run = await childRun(workspace, crashed, kill);
      const marked = (await loadsRows(workspace.adapter, crashed)).filter((r) => r.status === 1 && pending.includes(r.load_id));
      const where = `seed ${seed}, trial ${trial} (kill ${kill.ms} ms after ${kill.from}, ${run.signal ? 'killed' : `exited ${run.code}`})`;
      if (run.signal === null) expect(run.code, `${where}:\n${run.output}`).toBe(0);
      if (marked.length > 0) {
        // The run reached its final commit: every one of its loads is marked, and the tables are complete.
        expect(marked.map((r) => r.load_id).sort(), where).toEqual([...pending].sort());
        expect(await reconciliation(workspace, crashed), `${where}, loads already marked processed`).toEqual([]);
        outcomes.push(run.signal ? 'killed after commit' : 'completed');
      } else {
        expect(run.signal, `${where}: the run exited without marking its loads:\n${run.output}`).toBe('SIGKILL');
        expect(await pendingLoadIds(workspace.adapter, crashed), where).toEqual(pending);
        outcomes.push(run.markerAt === null ? 'killed before SQL' : 'killed during SQL');
      }

      const rerun = await workspace.chatsem(crashed, 'run');
      expect(rerun.code, `${where}, rerun:\n${rerun.output}`).toBe(0);
      expect(await pendingLoadIds(workspace.adapter, crashed), where).toEqual([]);
      const statusOne = (await loadsRows(workspace.adapter, crashed)).filter((r) => r.status === 1);
      expect(new Set(statusOne.map((r) => r.load_id)).size, `${where}: a load was marked processed twice`).toBe(statusOne.length);
      expect(await reconciliation(workspace, crashed), `${where}, after the rerun`).toEqual([]);
    }

    // The clean build: every event in one load, one full refresh.
    await load(reference, data.all);
    await ok(reference, 'seed');
    await ok(reference, 'run', '--full-refresh');
    expect(
      compareSnapshots(await semanticSnapshot(workspace.adapter, reference, { omitLoadIds: true }), await semanticSnapshot(workspace.adapter, crashed, { omitLoadIds: true })),
      `seed ${seed}: after ${TRIALS} interrupted runs (${outcomes.join(', ')})`,
    ).toBe('');
    if (process.env.CHATSEM_CRASH_VERBOSE) process.stderr.write(`crash trials (normal run ${normal.elapsed} ms, SQL phase ${sqlPhase} ms): ${outcomes.join(', ')}\n`);
  }, 240_000);
});
