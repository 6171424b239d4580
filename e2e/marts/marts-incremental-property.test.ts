/**
 * The "incremental run equals full refresh" property of the semantic schema (e2e/semantic), extended to the KPI
 * marts: per random seed, the same dataset as e2e/semantic's property test (random cuts into 2–5 loads, shuffled
 * arrival, re-delivered events, extra timestamp ties) is run load by load in one prefix and at once with
 * `--full-refresh` in another; every mart table must be equal row for row, all columns. PostgreSQL runs several
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
  postgres: [101, 303, 404],
  pglite: pgReachable ? [] : [707, 808],
};

for (const kind of (['postgres', 'pglite'] as WarehouseKind[]).filter((k) => SEEDS[k].length > 0)) {
  describe.skipIf(kind === 'postgres' && !pgReachable)(`marts: incremental equals full refresh on ${kind}`, () => {
    let workspace: MartsWorkspace;

    beforeAll(async () => {
      workspace = await openMartsWorkspace(kind);
    });

    afterAll(async () => {
      await workspace?.close();
    });

    for (const seed of SEEDS[kind]) {
      it(`seed ${seed}`, async () => {
        const data = makeDataset(seed, generateEvents as never, defaultSynthConfig, { sessions: 14 + (seed % 7) });
        const base = uniqueName('mp');
        const incremental = `${base}_i`;
        const full = `${base}_f`;
        const vars = (prefix: string): Record<string, unknown> => ({ source_schema_prefix: prefix, user_id: 'metadata__user_id' });
        const step = async (prefix: string, ...args: string[]): Promise<void> => {
          const result = await workspace.chatsem(vars(prefix), ...args);
          expect(result.code, `seed ${seed} (${JSON.stringify(data.summary)}): chatsem ${args.join(' ')}\n${result.output}`).toBe(0);
        };
        try {
          for (const [i, events] of data.loads.entries()) {
            await workspace.load(incremental, events as SenderEvent[]);
            if (i === 0) await step(incremental, 'seed');
            await step(incremental, 'run');
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
  });
}
