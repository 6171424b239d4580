/**
 * Acceptance (issue 6, criterion 2): an incremental run after each of K loads gives the same semantic tables as
 * one full refresh over the same events, for many random datasets. The check itself lives in
 * incremental-check.mjs (shared with bench/soak-incremental.mjs); a failure message starts with the seed and says
 * how to replay it (`node bench/soak-incremental.mjs --seed <seed> [--pglite] --keep`).
 *
 * The full build goes to a second prefix that receives every event in one load, rather than `--full-refresh` on the
 * incremental prefix: then the comparison also covers how the loads were cut (the loader's `_event_order` restarts
 * in every load) and not only the affected-sender replacement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, uniqueName } from '../../src/test-support/databases.js';
import { checkIncrementalEqualsFull } from './incremental-check.mjs';
import { checkEngine, openWorkspace, type PackageWorkspace, type WarehouseKind } from './package-harness.js';

const postgres = await postgresReachable();
const SEEDS_ON_POSTGRES = Number(process.env.CHATSEM_PROPERTY_SEEDS ?? 20);
const SEEDS_ON_PGLITE = postgres ? 3 : 6;
/** A different block of seeds every run would make failures hard to replay; CHATSEM_PROPERTY_FIRST_SEED moves it. */
const FIRST_SEED = Number(process.env.CHATSEM_PROPERTY_FIRST_SEED ?? 1000);

function propertySuite(kind: WarehouseKind, seeds: number[]): void {
  let workspace: PackageWorkspace;
  beforeAll(async () => {
    workspace = await openWorkspace(kind);
  });
  afterAll(async () => {
    await workspace?.close();
  });

  it.each(seeds)(`seed %i: incremental runs after each load equal one full refresh (${kind})`, async (seed) => {
    const result = await checkIncrementalEqualsFull(checkEngine(workspace), seed, uniqueName('p').slice(0, 20));
    expect(result.summary.loads, `seed ${seed}`).toBeGreaterThanOrEqual(2);
    expect(result.rows, `seed ${seed}: the full build produced no rows`).toBeGreaterThan(0);
    const replay = `node bench/soak-incremental.mjs --seed ${seed}${kind === 'pglite' ? ' --pglite' : ''} --keep`;
    expect(result.difference, `seed ${seed} (${JSON.stringify(result.summary)}) — replay: ${replay}`).toBe('');
  }, 120_000);
}

describe.skipIf(!postgres)('incremental equals full refresh on PostgreSQL', () => {
  propertySuite('postgres', Array.from({ length: SEEDS_ON_POSTGRES }, (_, i) => FIRST_SEED + i));
});

describe('incremental equals full refresh on PGlite', () => {
  propertySuite('pglite', Array.from({ length: SEEDS_ON_PGLITE }, (_, i) => FIRST_SEED + 500 + i));
});

describe('the property datasets exercise what they claim', () => {
  it('conversations and timestamp ties cross load boundaries, loads arrive shuffled', async () => {
    const { makeDataset } = await import('./incremental-check.mjs');
    const { defaultSynthConfig, generateEvents } = await import('../../src/synth/index.js');
    let crossing = 0;
    let ties = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 20; seed++) {
      const data = makeDataset(seed, generateEvents as never, defaultSynthConfig);
      expect(data.summary.loads).toBeGreaterThanOrEqual(2);
      expect(data.summary.loads).toBeLessThanOrEqual(5);
      crossing += data.summary.crossingSenders;
      ties += data.summary.ties;
      // arrival order inside a load is not timestamp order
      const firstLoad = data.loads[0]!;
      const sorted = [...firstLoad].sort((a, b) => a.timestamp - b.timestamp);
      expect(firstLoad.map((e) => e.timestamp)).not.toEqual(sorted.map((e) => e.timestamp));
    }
    expect(crossing).toBeGreaterThan(20);
    expect(ties).toBeGreaterThan(100);
  });
});
