// Framework time per node: a 200-model project of trivial views, `chatsem run --threads 1` on PostgreSQL, minus the
// time the very statements it executed (target/run/…) take when sent directly over one connection.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const cli = new URL('../bin/chatsem.js', import.meta.url).pathname;
const MODELS = 200;

export async function runOverheadBench({ workDir, postgresUrl, log }) {
  if (!postgresUrl) return { skipped: 'PostgreSQL not reachable', table: '(skipped: PostgreSQL not reachable)' };
  const schema = `bench_run_${process.pid}`;
  writeProject(workDir, postgresUrl, schema);
  const env = { ...process.env, DATABASE_URL: undefined };
  delete env.DATABASE_URL;
  const run = () => {
    const r = spawnSync(process.execPath, [cli, 'run', '--project-dir', workDir, '--profiles-dir', workDir, '--threads', '1', '-q'], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`chatsem run failed: ${r.stdout}\n${r.stderr}`);
    return JSON.parse(readFileSync(join(workDir, 'target', 'run_results.json'), 'utf8'));
  };
  log('first run (creates the views)');
  run();
  const samples = [];
  for (let i = 0; i < 3; i += 1) {
    log(`timed run ${i + 1} of 3 (replaces the views)`);
    const results = run();
    const statements = collectRunStatements(join(workDir, 'target', 'run'));
    const direct = await timeStatements(postgresUrl, statements);
    const nodeSeconds = results.elapsed_time;
    samples.push({ nodeSeconds, directSeconds: direct, perNodeMs: ((nodeSeconds - direct) / MODELS) * 1000, statements: statements.length });
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
  const best = samples.reduce((a, b) => (a.perNodeMs <= b.perNodeMs ? a : b));
  const table = [
    `| models | chatsem node phase (threads 1) | same statements sent directly | framework time per node |`,
    '|---|---|---|---|',
    `| ${MODELS} trivial views | ${best.nodeSeconds.toFixed(2)} s | ${best.directSeconds.toFixed(2)} s (${best.statements} statements) | ${best.perNodeMs.toFixed(2)} ms |`,
  ].join('\n');
  return { samples, table };
}

function writeProject(dir, url, schema) {
  const u = new URL(url);
  writeFileSync(join(dir, 'dbt_project.yml'), 'name: run_bench\nversion: "1.0"\nprofile: bench\nmodels:\n  run_bench:\n    +materialized: view\n');
  writeFileSync(
    join(dir, 'profiles.yml'),
    `bench:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${u.username || 'postgres'}\n      dbname: ${u.pathname.slice(1)}\n      schema: ${schema}\n      threads: 1\n`,
  );
  mkdirSync(join(dir, 'models'), { recursive: true });
  for (let i = 0; i < MODELS; i += 1) {
    const body = i === 0 ? 'select 1 as id, 1 as value' : `select id, value + 1 as value from {{ ref('m${i - 1}') }}`;
    writeFileSync(join(dir, 'models', `m${i}.sql`), body + '\n');
  }
}

function collectRunStatements(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  // Model m<i> depends on m<i-1>: replay in model order.
  files.sort((a, b) => Number(/m(\d+)\.sql$/.exec(a)?.[1] ?? 0) - Number(/m(\d+)\.sql$/.exec(b)?.[1] ?? 0));
  return files.map((f) => readFileSync(f, 'utf8'));
}

async function timeStatements(url, statements) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  for (const sql of statements) await client.query(sql);
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return seconds;
}
