#!/usr/bin/env node
// `npm run bench [-- section …]`: chatsem's performance figures. Sections: compile, run, seed, ingest, incremental
// (default: all). Uses dist/ (npm run bench builds first) and the local PostgreSQL server when reachable
// (CHATSEM_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test). Prints a Markdown table per section and
// writes bench/out/results.json. Never asserts: this measures, the README records.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { compileBench } from './compile-bench.mjs';
import { runOverheadBench } from './run-bench.mjs';
import { seedBench } from './seed-bench.mjs';
import { ingestBench } from './ingest-bench.mjs';
import { incrementalBench } from './incremental-bench.mjs';

const sections = { compile: compileBench, run: runOverheadBench, seed: seedBench, ingest: ingestBench, incremental: incrementalBench };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length ? wanted : Object.keys(sections);
for (const name of chosen) if (!sections[name]) throw new Error(`unknown section ${name}; choose from ${Object.keys(sections).join(', ')}`);

const pgUrl = process.env.CHATSEM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const postgres = await reachable(pgUrl) ? pgUrl : null;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at start ${loadavg()[0].toFixed(2)}`;
console.log(`# chatsem benchmarks\n\nMachine: ${machine}\nPostgreSQL: ${postgres ? 'reachable' : 'not reachable (PostgreSQL figures skipped)'}\n`);

const workRoot = mkdtempSync(join(tmpdir(), 'chatsem-bench-'));
const results = { machine, startedAt: new Date().toISOString(), sections: {} };
try {
  for (const name of chosen) {
    const dir = join(workRoot, name);
    mkdirSync(dir, { recursive: true });
    console.log(`## ${name}\n`);
    const started = performance.now();
    const result = await sections[name]({ workDir: dir, postgresUrl: postgres, log: (m) => console.error(`  … ${m}`) });
    results.sections[name] = result;
    console.log(result.table + `\n\n(${((performance.now() - started) / 1000).toFixed(1)} s, load average now ${loadavg()[0].toFixed(2)})\n`);
  }
} finally {
  rmSync(workRoot, { recursive: true, force: true });
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./out/results.json', import.meta.url), JSON.stringify(results, null, 2));
}

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
