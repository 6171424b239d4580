/**
 * snapshots/users_snapshot.sql on PGlite and PostgreSQL: users whose language, country or device change between
 * loads get one version per state, each closed (dbt_valid_to) exactly when the next one starts (dbt_valid_from);
 * a snapshot without changes adds nothing. Hand-written events make the changes explicit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderEvent } from '../../src/ingest/index.js';
import { postgresReachable, uniqueName } from '../../src/test-support/databases.js';
import { openMartsWorkspace, plain, type MartsWorkspace, type WarehouseKind } from './marts-harness.js';

const pgReachable = await postgresReachable();

interface Profile {
  language: string;
  country: string;
  device: string;
}

/** One short session of `user` on sender `sender` at `at` (unix seconds), with the profile in the user metadata. */
function session(sender: string, user: string, at: number, profile: Profile): SenderEvent[] {
  const base = { sender_id: sender };
  return [
    { ...base, event: 'action', timestamp: at, name: 'action_session_start' },
    { ...base, event: 'session_started', timestamp: at },
    { ...base, event: 'action', timestamp: at + 0.001, name: 'action_listen' },
    {
      ...base,
      event: 'user',
      timestamp: at + 5,
      text: 'hello',
      parse_data: { intent: { name: 'greet', confidence: 0.97 }, entities: [] },
      input_channel: 'webchat',
      metadata: { user_id: user, ...profile, age: 30, sentiment: 0.2 },
    },
    { ...base, event: 'action', timestamp: at + 5.5, name: 'utter_greet' },
    { ...base, event: 'bot', timestamp: at + 5.5, text: 'Hi!', metadata: { utter_action: 'utter_greet' } },
    { ...base, event: 'action', timestamp: at + 5.6, name: 'action_listen' },
  ] as SenderEvent[];
}

const day = 86400;
const t0 = Date.parse('2024-03-01T10:00:00Z') / 1000;
const en_us_ios = { language: 'en', country: 'US', device: 'iOS' };

/** Three loads: ann moves to Germany, then changes device (on a new sender); bob changes language in load 3. */
const LOADS: SenderEvent[][] = [
  [...session('s-ann-1', 'ann', t0, en_us_ios), ...session('s-bob-1', 'bob', t0 + 60, { language: 'es', country: 'ES', device: 'Android' })],
  [...session('s-ann-1', 'ann', t0 + day, { ...en_us_ios, country: 'DE' }), ...session('s-cid-1', 'cid', t0 + day, en_us_ios)],
  [...session('s-ann-2', 'ann', t0 + 2 * day, { language: 'en', country: 'DE', device: 'Desktop' }), ...session('s-bob-1', 'bob', t0 + 2 * day, { language: 'ca', country: 'ES', device: 'Android' })],
];

interface Version {
  user_id: string;
  language: string;
  country: string;
  device: string;
  from: string;
  to: string | null;
}

for (const kind of ['pglite', 'postgres'] as WarehouseKind[]) {
  describe.skipIf(kind === 'postgres' && !pgReachable)(`users_snapshot on ${kind}`, () => {
    let workspace: MartsWorkspace;
    const prefix = uniqueName('ms');
    const vars = { source_schema_prefix: prefix, user_id: 'metadata__user_id' };

    beforeAll(async () => {
      workspace = await openMartsWorkspace(kind);
      expect((await workspace.chatsem(vars, 'seed')).code).toBe(0);
    });

    afterAll(async () => {
      await workspace?.dropPrefix(prefix);
      await workspace?.close();
    });

    const versions = async (): Promise<Version[]> =>
      (await workspace.rows(prefix, 'marts', 'users_snapshot'))
        .map((r) => ({
          user_id: String(r.user_id),
          language: String(r.language),
          country: String(r.country),
          device: String(r.device),
          from: String(plain(r.dbt_valid_from)),
          to: r.dbt_valid_to === null ? null : String(plain(r.dbt_valid_to)),
        }))
        .sort((a, b) => a.user_id.localeCompare(b.user_id) || a.from.localeCompare(b.from));

    const loadRunSnapshot = async (events: SenderEvent[]): Promise<void> => {
      await workspace.load(prefix, events);
      // Only what the snapshot reads (dim_users and upstream): the KPI marts are tested elsewhere.
      const run = await workspace.chatsem(vars, 'run', '--select', '+dim_users');
      expect(run.code, run.output).toBe(0);
      const snapshot = await workspace.chatsem(vars, 'snapshot');
      expect(snapshot.code, snapshot.output).toBe(0);
    };

    it('records a version per attribute change with contiguous valid_from / valid_to', async () => {
      await loadRunSnapshot(LOADS[0]!);
      const first = await versions();
      expect(first.map((v) => [v.user_id, v.country, v.to])).toEqual([
        ['ann', 'US', null],
        ['bob', 'ES', null],
      ]);
      const run1 = first[0]!.from;
      expect(first[1]!.from).toBe(run1);

      await loadRunSnapshot(LOADS[1]!);
      const second = await versions();
      expect(second.map((v) => [v.user_id, v.language, v.country, v.device, v.to === null])).toEqual([
        ['ann', 'en', 'US', 'iOS', false],
        ['ann', 'en', 'DE', 'iOS', true],
        ['bob', 'es', 'ES', 'Android', true],
        ['cid', 'en', 'US', 'iOS', true],
      ]);
      const run2 = second[1]!.from;
      expect(run2 > run1).toBe(true);
      expect(second[0]!.to).toBe(run2); // ann's first version ends exactly when her second starts
      expect(second[3]!.from).toBe(run2); // cid appears in the same snapshot run
      expect(second[2]!.from).toBe(run1); // bob is unchanged

      // No new load: the semantic run has nothing to do and the snapshot finds no change.
      expect((await workspace.chatsem(vars, 'snapshot')).code).toBe(0);
      expect(await versions()).toEqual(second);

      await loadRunSnapshot(LOADS[2]!);
      const third = await versions();
      expect(third.map((v) => [v.user_id, v.language, v.country, v.device])).toEqual([
        ['ann', 'en', 'US', 'iOS'],
        ['ann', 'en', 'DE', 'iOS'],
        ['ann', 'en', 'DE', 'Desktop'],
        ['bob', 'es', 'ES', 'Android'],
        ['bob', 'ca', 'ES', 'Android'],
        ['cid', 'en', 'US', 'iOS'],
      ]);
      const run3 = third[2]!.from;
      expect(run3 > run2).toBe(true);
      expect(third.map((v) => [v.from, v.to])).toEqual([
        [run1, run2],
        [run2, run3],
        [run3, null],
        [run1, run3],
        [run3, null],
        [run2, null],
      ]);
      const dims = await workspace.rows(prefix, 'marts', 'dim_users');
      expect(dims.map((u) => [u.user_id, u.language, u.country, u.device, Number(u.conversations_count)]).sort()).toEqual([
        ['ann', 'en', 'DE', 'Desktop', 2],
        ['bob', 'ca', 'ES', 'Android', 1],
        ['cid', 'en', 'US', 'iOS', 1],
      ]);
    });
  });
}
