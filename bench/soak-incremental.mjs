#!/usr/bin/env node
// Soak test of "an incremental run equals a full refresh" (issue 6): the property of
// e2e/semantic/incremental-equals-full.test.ts, with many more seeds. Same check (e2e/semantic/incremental-check.mjs),
// engine from dist/ (run `npm run build` first).
//
//   node bench/soak-incremental.mjs [seeds=200] [--first-seed N] [--seed N] [--pglite] [--keep]
//
// --seed N replays one seed (the number a failing test prints); --keep leaves the prefixes of failing seeds in the
// warehouse for inspection; --pglite uses an in-memory PGlite instead of PostgreSQL (CHATSEM_TEST_PG_URL, default
// postgres://postgres@127.0.0.1:5432/test). Exits 1 when any seed fails.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createAdapter } from '../dist/adapters/index.js';
import { main } from '../dist/cli/main.js';
import { loadEventStream } from '../dist/ingest/index.js';
import { defaultSynthConfig, generateEvents } from '../dist/synth/index.js';
import { checkIncrementalEqualsFull } from '../e2e/semantic/incremental-check.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !['--first-seed', '--seed'].includes(args[i - 1]));
const replay = option('--seed');
const count = replay === undefined ? Number(positional[0] ?? 200) : 1;
const firstSeed = replay ?? option('--first-seed') ?? 100_000;
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(firstSeed)) {
  console.error('usage: node bench/soak-incremental.mjs [seeds] [--first-seed N] [--seed N] [--pglite] [--keep]');
  process.exit(2);
}

const repo = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'chatsem-soak-'));
for (const entry of ['project.yaml', 'models', 'seeds', 'macros', 'tests']) {
  // the semantic schema only: the KPI marts are not part of the property
  if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(dir, entry), { recursive: true, filter: (s) => s !== join(repo, 'models', 'marts') });
}

const usePglite = flag('--pglite');
let adapter;
if (usePglite) {
  writeFileSync(join(dir, 'profiles.yml'), 'chatsem:\n  target: local\n  outputs:\n    local:\n      type: pglite\n      path: "memory://"\n      schema: public\n');
  adapter = await createAdapter({ type: 'pglite', path: 'memory://', schema: 'public' });
} else {
  const url = new URL(process.env.CHATSEM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const config = { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username) || 'postgres', database: url.pathname.slice(1), schema: 'public', threads: 4 };
  if (url.password) config.password = decodeURIComponent(url.password);
  writeFileSync(
    join(dir, 'profiles.yml'),
    `chatsem:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${config.host}\n      port: ${config.port}\n      user: ${config.user}\n      dbname: ${config.database}\n      schema: public\n      threads: 4\n`,
  );
  adapter = await createAdapter({ type: 'postgres', ...config });
}

const sink = () => {
  const chunks = [];
  return { stream: new Writable({ write: (c, _e, done) => (chunks.push(c.toString()), done()) }), text: () => chunks.join('') };
};
const engine = {
  generateEvents,
  baseConfig: defaultSynthConfig,
  load: async (prefix, events) => void (await loadEventStream(adapter, { events, prefix })),
  chatsem: async (prefix, ...command) => {
    const out = sink();
    const code = await main(['node', 'chatsem', ...command, '--vars', `source_schema_prefix=${prefix}`, '--project-dir', dir, '--profiles-dir', dir], {
      stdout: out.stream,
      stderr: out.stream,
      adapter,
    });
    return { code, output: out.text() };
  },
  query: (sql, params) => adapter.query(sql, params),
  dropPrefix: async (prefix) => {
    for (const suffix of ['event', 'staging', 'views']) await adapter.query(`drop schema if exists "${prefix}_${suffix}" cascade`);
  },
};

const started = performance.now();
const failures = [];
let events = 0;
try {
  for (let i = 0; i < count; i++) {
    const seed = firstSeed + i;
    const prefix = `soak_${process.pid}_${seed}`;
    try {
      const result = await checkIncrementalEqualsFull(engine, seed, prefix, { keep: flag('--keep') });
      events += result.summary.events;
      if (result.difference) {
        failures.push(seed);
        console.error(`seed ${seed} FAILED ${JSON.stringify(result.summary)}\n${result.difference}\n`);
      } else if (!flag('--keep')) {
        process.stderr.write(`seed ${seed} ok (${result.summary.loads} loads, ${result.summary.events} events)\n`);
      }
      if (flag('--keep') && !result.difference) await Promise.all([engine.dropPrefix(`${prefix}_i`), engine.dropPrefix(`${prefix}_f`)]);
      else if (flag('--keep')) console.error(`kept ${prefix}_i_* (incremental) and ${prefix}_f_* (full refresh)`);
    } catch (error) {
      failures.push(seed);
      console.error(`seed ${seed} ERROR ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
} finally {
  await adapter.close();
  rmSync(dir, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${count - failures.length}/${count} seeds passed (${firstSeed}..${firstSeed + count - 1}, ${events.toLocaleString('en')} events, ${usePglite ? 'PGlite' : 'PostgreSQL'}, ${seconds} s)` +
    (failures.length ? `; failing seeds: ${failures.join(', ')} — replay one with --seed N --keep` : ''),
);
process.exit(failures.length ? 1 : 0);
