/**
 * Issue 6 (speed goal): an incremental run recomputes an affected sender from its last session on instead of its
 * whole history when that is exact (models/staging/sender_scope.sql), and falls back to the whole history otherwise.
 * Each case loads hand-written trackers in several loads, runs after each, checks which scope sender_scope chose
 * (so that a case cannot pass on the fallback alone) and that the semantic tables equal one full build of the same
 * events, on PostgreSQL (when reachable) and PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderEvent } from '../../src/ingest/index.js';
import { postgresReachable } from '../../src/test-support/databases.js';
import { T0, tracker } from './event-fixtures.js';
import { buildPrefix, compareSnapshots, loadEvents, openWorkspace, prefixRegistry, rows, semanticSnapshot, type PackageWorkspace, type WarehouseKind } from './package-harness.js';

const postgres = await postgresReachable();
let workspace: PackageWorkspace;
const { newPrefix, prefixes } = prefixRegistry();


interface ScopeRow {
  sender_id: string;
  from_session_nr: number;
  after_unfinished_run: boolean;
}

/** sender_scope of the latest run: where each affected sender was recomputed from. */
async function senderScope(prefix: string): Promise<ScopeRow[]> {
  const result = await rows(
    workspace.adapter,
    `select sender_id, from_session_nr::int as from_session_nr, after_unfinished_run from "${prefix}_staging".sender_scope order by sender_id`,
  );
  return result as unknown as ScopeRow[];
}

async function run(prefix: string, vars: string[]): Promise<void> {
  const result = await workspace.chatsem(prefix, 'run', ...vars);
  expect(result.code, result.output).toBe(0);
}

async function expectEqualsFullBuild(prefix: string, loads: SenderEvent[][], vars: string[]): Promise<void> {
  const full = newPrefix('ssf');
  await buildPrefix(workspace, full, loads.flat(), ...vars);
  const difference = compareSnapshots(
    await semanticSnapshot(workspace.adapter, full, { omitLoadIds: true }),
    await semanticSnapshot(workspace.adapter, prefix, { omitLoadIds: true }),
  );
  expect(difference).toBe('');
}

/** Builds the first load, then loads and runs each further one; returns sender_scope after each of those runs. */
async function incrementalRuns(prefix: string, loads: SenderEvent[][], vars: string[] = []): Promise<ScopeRow[][]> {
  await buildPrefix(workspace, prefix, loads[0]!, ...vars);
  const scopes: ScopeRow[][] = [];
  for (const load of loads.slice(1)) {
    await loadEvents(workspace.adapter, prefix, load);
    await run(prefix, vars);
    scopes.push(await senderScope(prefix));
  }
  return scopes;
}

/** A sender with two sessions (starting at 0 and 100) before any further load. */
const twoSessions = (sender: string) =>
  tracker(sender).sessionStart(0).user(1, 'greet').utter(2, 'utter_greet').sessionStart(100).user(101, 'greet').utter(102, 'utter_greet');

/** The workspace of the describe block running (the blocks run one after the other). */
function scopeSuite(kind: WarehouseKind): void {
  beforeAll(async () => {
    workspace = await openWorkspace(kind);
  });
  afterAll(async () => {
    if (!workspace) return;
    for (const prefix of prefixes.splice(0)) await workspace.dropPrefix(prefix);
    await workspace.close();
  });

  it('continues the last session, then opens a new one', async () => {
    const prefix = newPrefix('ss1');
    const loads = [
      twoSessions('a').events,
      tracker('a').user(110, 'order_status').utter(111, 'utter_order_status').events,
      tracker('a').user(120, 'thankyou').utter(121, 'utter_welcome').sessionStart(200).user(201, 'greet').events,
      tracker('a').user(210, 'goodbye').utter(211, 'utter_goodbye').events,
    ];
    const scopes = await incrementalRuns(prefix, loads);
    expect(scopes.map((scope) => scope.map((row) => row.from_session_nr))).toEqual([[2], [2], [3]]);
    expect(scopes.flat().every((row) => !row.after_unfinished_run)).toBe(true);
    const sessions = await rows(workspace.adapter, `select session_id, events_count::int as n from "${prefix}_views".sessions order by 1`);
    expect(sessions.map((s) => s.session_id)).toEqual(['a/1', 'a/2', 'a/3']);
    await expectEqualsFullBuild(prefix, loads, []);
  }, 120_000);

  it('a new event at or before the first event of the last session falls back to the whole history', async () => {
    const prefix = newPrefix('ss2');
    const loads = [
      [...twoSessions('b1').events, ...twoSessions('b2').events, ...twoSessions('b3').events],
      // b1: a late event of session 1; b2: same timestamp as the last session's start; b3: after it
      [...tracker('b1').user(50, 'late').events, ...tracker('b2').user(100, 'same_second').events, ...tracker('b3').user(150, 'later').events],
    ];
    const scopes = await incrementalRuns(prefix, loads);
    expect(scopes[0]!.map((row) => [row.sender_id, row.from_session_nr])).toEqual([
      ['b1', 1],
      ['b2', 1],
      ['b3', 2],
    ]);
    await expectEqualsFullBuild(prefix, loads, []);
  }, 120_000);

  it('trailing session metadata in one load moves to the session an action_session_start opens in the next', async () => {
    const prefix = newPrefix('ss3');
    const metadataTail = twoSessions('c').slot(150, 'session_started_metadata', { channel: 'web' }).events;
    metadataTail.push({ sender_id: 'c', event: 'session_started', timestamp: T0 + 150, metadata: {} } as SenderEvent);
    const loads = [metadataTail, tracker('c').action(160, 'action_session_start', null).action(160, 'action_listen', null).user(161, 'greet').events];
    const scopes = await incrementalRuns(prefix, loads);
    expect(scopes[0]!.map((row) => row.from_session_nr)).toEqual([2]);
    const metadata = await rows(
      workspace.adapter,
      `select session_nr::int as session_nr, event_type from "${prefix}_views".event_sequence
       where event_type = 'session_started' or (event_type = 'slot' and value = 'session_started_metadata') order by event_nr`,
    );
    expect(metadata).toEqual([
      { session_nr: 1, event_type: 'session_started' },
      { session_nr: 2, event_type: 'session_started' },
      { session_nr: 3, event_type: 'slot' },
      { session_nr: 3, event_type: 'session_started' },
    ]);
    await expectEqualsFullBuild(prefix, loads, []);
  }, 120_000);

  it('session_gap_minutes: a new event after an idle gap opens a session; one that closes a gap merges two (fallback)', async () => {
    const prefix = newPrefix('ss4');
    const vars = ['--vars', 'session_gap_minutes: 10'];
    const gapped = (sender: string) => tracker(sender).sessionStart(0).user(1, 'greet').utter(2, 'utter_greet').user(1000, 'greet').utter(1001, 'utter_greet');
    const loads = [
      [...gapped('d1').events, ...gapped('d2').events],
      // d1: 2000 s after the last event (a new session by the gap rule); d2: in the gap, which then closes
      [...tracker('d1').user(3001, 'order_status').events, ...tracker('d2').user(500, 'order_status').events],
    ];
    const scopes = await incrementalRuns(prefix, loads, vars);
    expect(scopes[0]!.map((row) => [row.sender_id, row.from_session_nr])).toEqual([
      ['d1', 2],
      ['d2', 1],
    ]);
    const sessions = await rows(workspace.adapter, `select session_id from "${prefix}_views".sessions order by 1`);
    expect(sessions.map((s) => s.session_id)).toEqual(['d1/1', 'd1/2', 'd1/3', 'd2/1']);
    await expectEqualsFullBuild(prefix, loads, vars);
  }, 120_000);

  it('var user_id set: every sender is recomputed as a whole', async () => {
    const prefix = newPrefix('ss5');
    const vars = ['--vars', 'user_id: metadata__user_id'];
    const withUser = (events: SenderEvent[]) =>
      events.map((event) => (event.event === 'user' ? ({ ...event, metadata: { user_id: 'person-1' } } as SenderEvent) : event));
    const loads = [withUser([...twoSessions('e1').events, ...twoSessions('e2').events]), withUser(tracker('e1').user(150, 'order_status').events)];
    const scopes = await incrementalRuns(prefix, loads, vars);
    expect(scopes[0]!.map((row) => [row.sender_id, row.from_session_nr])).toEqual([
      ['e1', 1],
      ['e2', 1],
    ]);
    await expectEqualsFullBuild(prefix, loads, vars);
  }, 120_000);

  it('a rerun after a run that failed halfway recomputes whole senders, also dropping sessions only some tables had', async () => {
    const prefix = newPrefix('ss6');
    const vars = ['--vars', 'session_gap_minutes: 10'];
    const loads = [
      twoSessions('f').events,
      // 2000 s after the last event: a third session by the gap rule ...
      tracker('f').user(110, 'order_status').utter(111, 'utter_order_status').user(2000, 'greet').events,
      // ... which these close again: no gap is longer than 10 minutes any more
      tracker('f').user(500, 'late').user(1000, 'late').user(1500, 'late').events,
    ];
    await buildPrefix(workspace, prefix, loads[0]!, ...vars);
    await loadEvents(workspace.adapter, prefix, loads[1]!);
    // sessions refuses rows: the run fails after other semantic tables took session f/3
    await workspace.adapter.query(`create function "${prefix}_views".refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await workspace.adapter.query(
      `create trigger refuse before insert on "${prefix}_views".sessions for each statement execute function "${prefix}_views".refuse()`,
    );
    const failed = await workspace.chatsem(prefix, 'run', ...vars);
    expect(failed.code, failed.output).toBe(1);
    const stale = await rows(workspace.adapter, `select count(*)::int as n from "${prefix}_views".event_sequence where session_id = 'f/3'`);
    expect(stale).toEqual([{ n: 1 }]);
    await workspace.adapter.query(`drop trigger refuse on "${prefix}_views".sessions`);

    await loadEvents(workspace.adapter, prefix, loads[2]!);
    await run(prefix, vars);
    expect(await senderScope(prefix)).toEqual([{ sender_id: 'f', from_session_nr: 1, after_unfinished_run: true }]);
    await expectEqualsFullBuild(prefix, loads, vars);

    // the next load is session-scoped again
    const next = tracker('f').user(1510, 'goodbye').events;
    await loadEvents(workspace.adapter, prefix, next);
    await run(prefix, vars);
    expect(await senderScope(prefix)).toEqual([{ sender_id: 'f', from_session_nr: 2, after_unfinished_run: false }]);
    await expectEqualsFullBuild(prefix, [...loads, next], vars);
  }, 120_000);
}

describe.skipIf(!postgres)('session scope on PostgreSQL: a load continuing the last session recomputes only that session on', () => {
  scopeSuite('postgres');
});

describe('session scope on PGlite: a load continuing the last session recomputes only that session on', () => {
  scopeSuite('pglite');
});
