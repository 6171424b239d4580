// The semantic schema at scale: ~1,000,000 generated events, `chatsem run --full-refresh`, then a new load of about
// 1% of the events (conversations continuing from earlier loads) and a normal incremental `chatsem run`.
// Goal: the incremental run costs under 10% of the full refresh (its cost follows the new data, not the history).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdapter } from '../dist/adapters/index.js';
import { loadEventStream } from '../dist/ingest/index.js';
import { defaultSynthConfig, generateEvents } from '../dist/synth/index.js';

const cli = new URL('../bin/chatsem.js', import.meta.url).pathname;
const repo = new URL('..', import.meta.url).pathname;
const EVENTS = Number(process.env.CHATSEM_BENCH_EVENTS ?? 1_000_000);

export async function incrementalBench({ workDir, postgresUrl, log }) {
  const rows = [];
  const targets = [];
  if (postgresUrl) targets.push({ name: 'PostgreSQL', env: { DATABASE_URL: postgresUrl }, adapterConfig: pgConfig(postgresUrl) });
  const liteDir = mkdtempSync(join(workDir, 'pglite-'));
  writeFileSync(join(workDir, 'profiles.yml'), `chatsem:\n  target: local\n  outputs:\n    local:\n      type: pglite\n      path: ${liteDir}\n      schema: public\n`);
  targets.push({ name: 'PGlite', env: { CHATSEM_PROFILES_DIR: workDir }, adapterConfig: { type: 'pglite', path: liteDir, schema: 'public' } });
  // CHATSEM_BENCH_WAREHOUSES=postgres (or pglite) measures one warehouse only.
  const only = process.env.CHATSEM_BENCH_WAREHOUSES?.toLowerCase();
  if (only) targets.splice(0, targets.length, ...targets.filter((t) => only.split(',').some((w) => t.name.toLowerCase().startsWith(w.trim()))));

  for (const target of targets) {
    const prefix = `bench_inc_${process.pid}`;
    const config = { ...defaultSynthConfig, sessions: Math.ceil(EVENTS / 40), users: Math.ceil(EVENTS / 150), seed: 3 };
    // The last 1% of the time span is the new load; conversations that started earlier continue into it.
    const cutoff = Date.parse(config.start) / 1000 + config.days * 86400 * 0.99;
    const historyEvents = () => filtered(config, (e) => e.timestamp < cutoff);
    const increment = () => filtered(config, (e) => e.timestamp >= cutoff);
    log(`${target.name}: loading 99% of ~${EVENTS.toLocaleString('en')} events`);
    let adapter = await createAdapter(target.adapterConfig);
    let history = 0;
    try {
      await adapter.query(`drop schema if exists "${prefix}_event" cascade; drop schema if exists "${prefix}_staging" cascade; drop schema if exists "${prefix}_views" cascade; drop schema if exists "${prefix}_marts" cascade`);
      const report = await loadEventStream(adapter, { events: historyEvents(), prefix, sourceName: 'bench history' });
      history = report.inserted;
    } finally {
      await adapter.close();
    }
    const cliRun = (args) => {
      const env = { ...process.env, DATABASE_URL: undefined, CHATSEM_PROFILES_DIR: undefined, ...target.env };
      for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
      const started = performance.now();
      const r = spawnSync(process.execPath, [cli, ...args, '--project-dir', repo, '--vars', `source_schema_prefix=${prefix}`, '-q'], { encoding: 'utf8', env, maxBuffer: 64 * 2 ** 20 });
      if (r.status !== 0) throw new Error(`chatsem ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
      return (performance.now() - started) / 1000;
    };
    log(`${target.name}: seed + full refresh over ${history.toLocaleString('en')} events`);
    cliRun(['seed']);
    const full = cliRun(['run', '--full-refresh']);
    adapter = await createAdapter(target.adapterConfig);
    let added = 0;
    try {
      log(`${target.name}: loading the last 1%`);
      added = (await loadEventStream(adapter, { events: increment(), prefix, sourceName: 'bench increment' })).inserted;
    } finally {
      await adapter.close();
    }
    log(`${target.name}: incremental run`);
    const incremental = cliRun(['run']);
    rows.push({ target: target.name, history, added, full, incremental, ratio: incremental / full });
    adapter = await createAdapter(target.adapterConfig);
    await adapter.query(`drop schema if exists "${prefix}_event" cascade; drop schema if exists "${prefix}_staging" cascade; drop schema if exists "${prefix}_views" cascade; drop schema if exists "${prefix}_marts" cascade`);
    await adapter.close();
  }
  rmSync(liteDir, { recursive: true, force: true });
  const table = [
    '| warehouse | events in history | `run --full-refresh` | new load | incremental `run` | incremental / full |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.target} | ${r.history.toLocaleString('en')} | ${r.full.toFixed(1)} s | ${r.added.toLocaleString('en')} events | ${r.incremental.toFixed(1)} s | ${(r.ratio * 100).toFixed(1)}% |`),
  ].join('\n');
  return { rows, table };
}

function* filtered(config, keep) {
  for (const event of generateEvents(config)) if (keep(event)) yield event;
}

function pgConfig(url) {
  const u = new URL(url);
  return { type: 'postgres', host: u.hostname, port: Number(u.port || 5432), user: u.username || 'postgres', database: u.pathname.slice(1), schema: 'public' };
}
