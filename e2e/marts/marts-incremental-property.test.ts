/**
 * The "incremental run equals full refresh" property of the semantic schema (e2e/semantic), extended to the KPI
 * marts: per random seed, the same dataset as e2e/semantic's property test (random cuts into 2–5 loads, shuffled
 * arrival, re-delivered events, extra timestamp ties) is run load by load in one prefix and at once with
 * `--full-refresh` in another; every mart table must be equal row for row, all columns. Each seed runs twice: with the
 * default user_id (senders recomputed from their last session on) and with var user_id set (whole senders).
 * PostgreSQL runs several
 * seeds; PGlite runs two only when PostgreSQL is unreachable (marts-metrics.test.ts checks the property on PGlite
 * for its dataset either way), which keeps the file within its time budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderEvent } from '../../src/ingest/index.js';
import { defaultSynthConfig, generateEvents } from '../../src/synth/index.js';
import { postgresReachable, uniqueName } from '../../src/test-support/databases.js';
import { makeDataset } from '../semantic/incremental-check.mjs';
import { MART_TABLES, canonical, openMartsWorkspace, type MartsWorkspace, type WarehouseKind } from './marts-harness.js';

const pgReachable = await postgresReachable();
const SEEDS: Record<WarehouseKind, number[]> = {
  postgres: [101, 303, 404, 505, 606],
  pglite: pgReachable ? [] : [707, 808],
};

for (const kind of (['postgres', 'pglite'] as WarehouseKind[]).filter((k) => SEEDS[k].length > 0)) {
  describe.skipIf(kind === 'postgres' && !pgReachable)(`marts: incremental equals full refresh on ${kind}`, () => {
    let workspace: MartsWorkspace;

    let sessionScopedSenders = 0;

    beforeAll(async () => {
      workspace = await openMartsWorkspace(kind);
    });

    afterAll(async () => {
      await workspace?.close();
    });

    // With the default user_id (= sender_id) a run recomputes each sender from its last session on (sender_scope);
    // with var user_id set it recomputes whole senders: both paths must give the full refresh's marts.
    for (const [seed, userId] of SEEDS[kind].flatMap((seed) => [[seed, null], [seed, 'metadata__user_id']] as const)) {
      it(`seed ${seed}, ${userId === null ? 'session-scoped (default user_id)' : `user_id: ${userId}`}`, async () => {
        const data = makeDataset(seed, generateEvents as never, defaultSynthConfig, { sessions: 14 + (seed % 7) });
        const base = uniqueName('mp');
        const incremental = `${base}_i`;
        const full = `${base}_f`;
        const vars = (prefix: string): Record<string, unknown> => ({ source_schema_prefix: prefix, ...(userId === null ? {} : { user_id: userId }) });
        const step = async (prefix: string, ...args: string[]): Promise<void> => {
          const result = await workspace.chatsem(vars(prefix), ...args);
          expect(result.code, `seed ${seed} (${JSON.stringify(data.summary)}): chatsem ${args.join(' ')}\n${result.output}`).toBe(0);
        };
        try {
          for (const [i, events] of data.loads.entries()) {
            await workspace.load(incremental, events as SenderEvent[]);
            if (i === 0) await step(incremental, 'seed');
            await step(incremental, 'run');
            if (i > 0 && userId === null) {
              const scoped = await workspace.adapter.query(`select count(*)::int as n from "${incremental}_staging".sender_scope where from_session_nr > 1`);
              sessionScopedSenders += Number((scoped.rows[0] as { n: number }).n);
            }
          }
          await workspace.load(full, data.all as SenderEvent[]);
          await step(full, 'seed');
          await step(full, 'run', '--full-refresh');
          for (const table of MART_TABLES) {
            const expected = canonical(await workspace.rows(full, 'marts', table));
            const actual = canonical(await workspace.rows(incremental, 'marts', table));
            expect(expected.length, `seed ${seed}: ${table} is empty`).toBeGreaterThan(0);
            expect(actual, `seed ${seed} (${JSON.stringify(data.summary)}): ${table} differs`).toEqual(expected);
          }
        } finally {
          await workspace.dropPrefix(incremental);
          await workspace.dropPrefix(full);
        }
      });
    }

    it('a rerun after a run that failed in the daily marts (facts already replaced) still equals a full refresh', async () => {
      const data = makeDataset(505, generateEvents as never, defaultSynthConfig, { sessions: 16 });
      const base = uniqueName('mc');
      const incremental = `${base}_i`;
      const full = `${base}_f`;
      const step = async (prefix: string, expected: number, ...args: string[]): Promise<string> => {
        const result = await workspace.chatsem({ source_schema_prefix: prefix }, ...args);
        expect(result.code, `chatsem ${args.join(' ')}\n${result.output}`).toBe(expected);
        return result.output;
      };
      try {
        const last = data.loads.length - 1;
        for (const [i, events] of data.loads.entries()) {
          await workspace.load(incremental, events as SenderEvent[]);
          if (i === 0) await step(incremental, 0, 'seed');
          if (i < last) {
            await step(incremental, 0, 'run');
            continue;
          }
          // kpi_daily refuses rows: the run fails after fact_sessions and fact_messages took the new sessions
          await workspace.adapter.query(`create function "${incremental}_marts".refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
          await workspace.adapter.query(`create trigger refuse before insert on "${incremental}_marts".kpi_daily for each statement execute function "${incremental}_marts".refuse()`);
          expect(await step(incremental, 1, 'run')).toContain('refused');
          await workspace.adapter.query(`drop trigger refuse on "${incremental}_marts".kpi_daily`);
          await step(incremental, 0, 'run');
        }
        await workspace.load(full, data.all as SenderEvent[]);
        await step(full, 0, 'seed');
        await step(full, 0, 'run', '--full-refresh');
        for (const table of MART_TABLES) {
          const expected = canonical(await workspace.rows(full, 'marts', table));
          expect(canonical(await workspace.rows(incremental, 'marts', table)), `${table} differs`).toEqual(expected);
        }
      } finally {
        await workspace.dropPrefix(incremental);
        await workspace.dropPrefix(full);
      }
    });

    it('the datasets recompute some senders from a later session, not only whole senders', () => {
      expect(sessionScopedSenders).toBeGreaterThan(0);
    });
  });
}
