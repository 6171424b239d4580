// Raw event ingest: generate 1,000,000 events, load them with `chatsem load` into PostgreSQL and PGlite, and time
// `psql \copy` of the same rows as the floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAdapter } from '../dist/adapters/index.js';
import { runIngestBench } from '../dist/ingest/index.js';
import { defaultSynthConfig, generateEvents } from '../dist/synth/index.js';

const EVENTS = Number(process.env.CHATSEM_BENCH_EVENTS ?? 1_000_000);

export async function ingestBench({ workDir, postgresUrl, log }) {
  const u = postgresUrl ? new URL(postgresUrl) : null;
  const pgAdapter = u ? await createAdapter({ type: 'postgres', host: u.hostname, port: Number(u.port || 5432), user: u.username || 'postgres', database: u.pathname.slice(1), schema: 'public' }) : null;
  const liteDir = mkdtempSync(join(workDir, 'pglite-'));
  const lite = await createAdapter({ type: 'pglite', path: liteDir, schema: 'public' });
  try {
    const result = await runIngestBench({
      events: EVENTS,
      generate: () => generateEvents({ ...defaultSynthConfig, sessions: Math.ceil(EVENTS / 40), users: Math.ceil(EVENTS / 150), seed: 1 }),
      workDir,
      postgres: pgAdapter ? { adapter: pgAdapter, url: postgresUrl } : undefined,
      pglite: lite,
      prefix: `bench_ingest_${process.pid}`,
      onStep: log,
    });
    // PGlite runs inside this process, so its CPU figure includes the database's work.
    const cpu = (t, who = 'chatsem') => (t.cpuMs === undefined ? '' : ` (${who} CPU ${(t.cpuMs / 1000).toFixed(1)} s, all threads)`);
    const rate = (t, who) => `${(t.ms / 1000).toFixed(1)} s${cpu(t, who)} | ${Math.round(t.eventsPerSecond).toLocaleString('en')} events/s`;
    const lines = ['| step | time | throughput |', '|---|---|---|', `| generate ${result.events.toLocaleString('en')} events (JSON Lines, ${(result.jsonlBytes / 2 ** 20).toFixed(0)} MB) | ${rate(result.generation)} |`];
    if (result.postgres) {
      lines.push(`| \`chatsem load\` → PostgreSQL | ${rate(result.postgres)} |`);
      lines.push(`| \`psql \\copy\` of the same ${result.postgres.floor.rows.toLocaleString('en')} rows (floor) | ${rate(result.postgres.floor)} |`);
      lines.push(`| ratio load / floor | ${result.postgres.ratioToFloor.toFixed(2)}× | |`);
    }
    if (result.pglite) lines.push(`| \`chatsem load\` → PGlite | ${rate(result.pglite, 'chatsem + PGlite')} |`);
    return { result: { ...result, postgres: result.postgres && { ...result.postgres, report: undefined }, pglite: result.pglite && { ...result.pglite, report: undefined } }, table: lines.join('\n') };
  } finally {
    await pgAdapter?.close();
    await lite.close();
    rmSync(liteDir, { recursive: true, force: true });
  }
}
