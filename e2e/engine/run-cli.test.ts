/**
 * Issue "Engine II", commands and console on PostgreSQL (in-process `main`, a unique schema): dbt's line format,
 * summary and exit codes, run_results.json (also when the run fails) and target/runs history, logs/chatsem.log,
 * --log-format json, --no-color, hooks with `results`, a database error mapped to the compiled file's line, retry,
 * --fail-fast, --full-refresh, --empty, --threads, show, debug, and long names rejected before any SQL runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { postgresProfile, writeProject } from '../cli.js';
import { lines, runMain, runResults, statuses } from './harness.js';

const reachable = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-run-');
const schema = uniqueName('e2e_run');
const dir = join(scratch.path, 'cmds');
let client: pg.Client;

const files: Record<string, string> = {
  'project.yaml': [
    'name: cmds',
    'version: "1.0"',
    'profile: cmds',
    'on-run-start:',
    '  - "create table if not exists {{ target.schema }}.audit (what text, detail text)"',
    'on-run-end:',
    "  - \"{% for r in results %}insert into {{ target.schema }}.audit values ('end {{ r.node.name }}', '{{ r.status }}');{% endfor %}\"",
    'models:',
    '  cmds:',
    '    +materialized: table',
    '',
  ].join('\n'),
  'profiles.yml': postgresProfile('cmds', postgresTestUrl(), schema),
  'models/base.sql': [
    "{{ config(pre_hook=\"insert into {{ target.schema }}.audit values ('pre base', 'x')\",",
    "          post_hook=\"insert into {{ target.schema }}.audit select 'post base', count(*)::text from {{ this }}\") }}",
    'select 1 as id union all select 2 union all select 3',
    '',
  ].join('\n'),
  'models/child_of_base.sql': "select id * 10 as id from {{ ref('base') }}\n",
  'models/typo.sql': "select\n  id,\n  idd + 1 as bad\nfrom {{ ref('base') }}\n",
  'models/after_typo.sql': "select * from {{ ref('typo') }}\n",
  'models/inc.sql': "{{ config(materialized='incremental', incremental_strategy='append') }}\nselect 1 as id\n",
  'models/slow_a.sql': 'select 1 as id from (select pg_sleep(0.3)) s\n',
  'models/slow_b.sql': 'select 2 as id from (select pg_sleep(0.3)) s\n',
};

async function scalar(sql: string): Promise<unknown> {
  const result = await client.query(sql);
  return Object.values(result.rows[0] ?? {})[0];
}
async function audit(): Promise<string[]> {
  const result = await client.query(`select what || '=' || detail as line from "${schema}".audit`);
  return result.rows.map((r: { line: string }) => r.line).sort();
}

describe.skipIf(!reachable)('run, build and friends on PostgreSQL', () => {
  beforeAll(async () => {
    writeProject(dir, files);
    client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
  });
  afterAll(async () => {
    await client?.query(`drop schema if exists "${schema}" cascade`);
    await client?.end();
    scratch.remove();
  });

  it('prints dbt lines, runs hooks with results, writes run_results, the history and the statement log', async () => {
    const result = await runMain(dir, ['run', '-s', 'base']);
    expect(result.code, result.output).toBe(0);
    const out = lines(result.stdout);
    expect(out).toContain('Running with chatsem=0.1.0');
    expect(out).toContain('Registered adapter: postgres');
    expect(out).toContain("Concurrency: 4 threads (target='pg')");
    const start = out.find((l) => l.startsWith('1 of 1 START'))!;
    expect(start).toMatch(new RegExp(`^1 of 1 START sql table model ${schema}\\.base \\.{3,} \\[RUN\\]$`));
    // dbt pads the message with dots to 80 columns, then the status.
    expect(start.indexOf(' [RUN]')).toBe(80);
    expect(out.find((l) => l.startsWith('1 of 1 OK created'))).toMatch(new RegExp(`^1 of 1 OK created sql table model ${schema}\\.base \\.{3,} \\[SELECT 3 in \\d+\\.\\d\\ds\\]$`));
    expect(out).toContain('Running 1 on-run-start hook');
    expect(out.some((l) => /^Finished running 1 table model in 0 hours 0 minutes and \d+\.\d\d seconds \(\d+\.\d\ds\)\.$/.test(l))).toBe(true);
    expect(out).toContain('Completed successfully');
    expect(out).toContain('Done. PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1');
    expect(result.stdout).not.toMatch(/\u001b\[/);
    expect(await audit()).toEqual(['end base=success', 'post base=3', 'pre base=x']);

    const runResultsFile = runResults(dir);
    expect(runResultsFile.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' });
    expect(runResultsFile.args).toMatchObject({ which: 'run' });
    expect(runResultsFile.results).toHaveLength(1);
    const [base] = runResultsFile.results;
    expect(base).toMatchObject({ unique_id: 'model.cmds.base', status: 'success', thread_id: 'Thread-1', message: 'SELECT 3', failures: null, adapter_response: { rows_affected: 3 } });
    expect(base!.compiled_code).toContain('select 1 as id union all select 2');
    expect(base!.execution_time).toBeGreaterThanOrEqual(0);
    expect(base!.timing[0]).toMatchObject({ name: 'execute' });
    expect(readdirSync(join(dir, 'target', 'runs')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    const log = readFileSync(join(dir, 'logs', 'chatsem.log'), 'utf8');
    expect(log).toContain(`create table if not exists ${schema}.audit (what text, detail text)`);
    expect(log).toContain(`insert into ${schema}.audit values ('pre base', 'x')`);
    expect(log).toContain(`insert into ${schema}.audit select 'post base', count(*)::text from "${schema}"."base"`);
    expect(log).toContain(`insert into ${schema}.audit values ('end base', 'success')`);
    expect(log).toContain(`SQL create table "${schema}"."base" as (`);
    expect(log).toContain('Done. PASS=1');
  });

  it('a database error names the model, its file, the compiled path and the line; downstream is skipped; exit 1', async () => {
    const result = await runMain(dir, ['run', '-s', 'base+', '--exclude', 'child_of_base']);
    expect(result.code, result.output).toBe(1);
    const out = lines(result.stdout);
    expect(out.some((l) => new RegExp(`^\\d of 3 ERROR creating sql table model ${schema}\\.typo \\.+ \\[ERROR in \\d+\\.\\d\\ds\\]$`).test(l))).toBe(true);
    expect(out.some((l) => new RegExp(`^3 of 3 SKIP relation ${schema}\\.after_typo \\.+ \\[SKIP\\]$`).test(l))).toBe(true);
    expect(out).toContain('Completed with 1 error, 0 partial successes, and 0 warnings:');
    expect(out).toContain('[ERROR]: in model typo (models/typo.sql)');
    expect(result.stdout).toContain('column "idd" does not exist');
    expect(result.stdout).toContain('(at line 3 of target/compiled/cmds/models/typo.sql)');
    expect(out).toContain('Done. PASS=1 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=3');
    // run_results.json is written for a failed run too, and the history keeps both invocations.
    expect(statuses(dir)).toEqual({ 'model.cmds.base': 'success', 'model.cmds.typo': 'error', 'model.cmds.after_typo': 'skipped' });
    expect(runResults(dir).results.find((r) => r.unique_id === 'model.cmds.typo')!.message).toContain('column "idd" does not exist');
    expect(readdirSync(join(dir, 'target', 'runs')).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });

  it('retry re-runs only what failed or was skipped, with the same command', async () => {
    const again = await runMain(dir, ['retry']);
    expect(again.code, again.output).toBe(1);
    expect(again.stdout).toContain('Retrying 2 nodes of the last `run`');
    expect(Object.keys(statuses(dir)).sort()).toEqual(['model.cmds.after_typo', 'model.cmds.typo']);

    writeProject(dir, { 'models/typo.sql': "select\n  id,\n  id + 1 as bad\nfrom {{ ref('base') }}\n" });
    const fixed = await runMain(dir, ['retry']);
    expect(fixed.code, fixed.output).toBe(0);
    expect(statuses(dir)).toEqual({ 'model.cmds.typo': 'success', 'model.cmds.after_typo': 'success' });
    expect(await scalar(`select count(*)::int from "${schema}".after_typo`)).toBe(3);
    const nothing = await runMain(dir, ['retry']);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('Nothing to retry');
  });

  it('--fail-fast stops after the first failure; without it independent nodes still run', async () => {
    writeProject(dir, { 'models/broken.sql': 'select * from no_such_table\n' });
    const fast = await runMain(dir, ['run', '-s', 'broken', 'inc', '--threads', '1', '-x']);
    expect(fast.code, fast.output).toBe(1);
    expect(statuses(dir)).toEqual({ 'model.cmds.broken': 'error', 'model.cmds.inc': 'skipped' });
    const slow = await runMain(dir, ['run', '-s', 'broken', 'inc', '--threads', '1']);
    expect(slow.code).toBe(1);
    expect(statuses(dir)).toEqual({ 'model.cmds.broken': 'error', 'model.cmds.inc': 'success' });
  });

  it('--full-refresh rebuilds incremental models; --empty builds with zero input rows', async () => {
    expect(await scalar(`select count(*)::int from "${schema}".inc`)).toBe(1);
    expect((await runMain(dir, ['run', '-s', 'inc'])).code).toBe(0);
    expect(await scalar(`select count(*)::int from "${schema}".inc`)).toBe(2);
    expect((await runMain(dir, ['run', '-s', 'inc', '--full-refresh'])).code).toBe(0);
    expect(await scalar(`select count(*)::int from "${schema}".inc`)).toBe(1);

    const empty = await runMain(dir, ['run', '-s', 'child_of_base', '--empty']);
    expect(empty.code, empty.output).toBe(0);
    expect(await scalar(`select count(*)::int from "${schema}".child_of_base`)).toBe(0);
    expect((await runMain(dir, ['run', '-s', 'child_of_base'])).code).toBe(0);
    expect(await scalar(`select count(*)::int from "${schema}".child_of_base`)).toBe(3);
  });

  it('--threads runs independent models on separate threads', async () => {
    const two = await runMain(dir, ['run', '-s', 'slow_a', 'slow_b', '--threads', '2']);
    expect(two.code, two.output).toBe(0);
    expect(two.stdout).toContain("Concurrency: 2 threads (target='pg')");
    expect(new Set(runResults(dir).results.map((r) => r.thread_id))).toEqual(new Set(['Thread-1', 'Thread-2']));
    const one = await runMain(dir, ['run', '-s', 'slow_a', 'slow_b', '--threads', '1']);
    expect(one.stdout).toContain("Concurrency: 1 thread (target='pg')");
    expect(new Set(runResults(dir).results.map((r) => r.thread_id))).toEqual(new Set(['Thread-1']));
  });

  it('--log-format json prints one JSON object per line; --no-color removes colours on a terminal', async () => {
    const json = await runMain(dir, ['run', '-s', 'base', '--log-format', 'json']);
    expect(json.code).toBe(0);
    const records = json.output.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(5);
    expect(records.find((r) => r.event === 'node_start')).toMatchObject({ unique_id: 'model.cmds.base', index: 1, total: 1 });
    expect(records.find((r) => r.event === 'node_finished')).toMatchObject({ unique_id: 'model.cmds.base', status: 'success' });
    expect(records.find((r) => r.event === 'run_finished')).toMatchObject({ pass: 1, error: 0, total: 1 });

    // Colour is only used on a terminal: pretend stdout is one for the two runs below.
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    const noColor = process.env.NO_COLOR;
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    delete process.env.NO_COLOR;
    try {
      const coloured = await runMain(dir, ['run', '-s', 'base']);
      expect(coloured.stdout).toMatch(/\u001b\[32m/);
      const plain = await runMain(dir, ['run', '-s', 'base', '--no-color']);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('Completed successfully');
      expect(plain.stdout).not.toMatch(/\u001b\[/);
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
      if (noColor !== undefined) process.env.NO_COLOR = noColor;
    }
  });

  it('show prints rows of a model (--limit) or of an inline query', async () => {
    const model = await runMain(dir, ['show', '--select', 'child_of_base', '--limit', '2']);
    expect(model.code, model.output).toBe(0);
    expect(model.stdout).toContain('Previewing child_of_base:');
    const table = model.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(table).toEqual(['| id |', '| -- |', '| 10 |', '| 20 |']);
    const inline = await runMain(dir, ['show', '--inline', `select count(*) as n, 'x' as label from {{ ref('base') }}`]);
    expect(inline.code, inline.output).toBe(0);
    expect(inline.stdout.split('\n').filter((l) => l.startsWith('|'))).toEqual(['| n | label |', '| - | ----- |', '| 3 | x     |']);
    const two = await runMain(dir, ['show', '--select', 'base+']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('show needs exactly one node');
  });

  it('debug gives a clear verdict, and exits 1 on a bad connection', async () => {
    const good = await runMain(dir, ['debug']);
    expect(good.code, good.output).toBe(0);
    expect(good.stdout).toContain('connection [OK connection ok]');
    expect(good.stdout).toContain('All checks passed!');
    const badDir = writeProject(join(scratch.path, 'bad-port'), {
      'project.yaml': 'name: cmds\nversion: "1.0"\nprofile: cmds\n',
      'profiles.yml': postgresProfile('cmds', 'postgres://postgres@127.0.0.1:1/test', schema),
    });
    const bad = await runMain(badDir, ['debug']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('connection [ERROR failed]');
    expect(bad.stdout).toContain('1 check failed.');
  });

  it('rejects names too long for PostgreSQL (with the temporary suffix) before any SQL runs', async () => {
    const long = `m_${'x'.repeat(50)}`;
    writeProject(dir, { [`models/${long}.sql`]: 'select 1 as id\n' });
    await client.query(`drop table if exists "${schema}".audit`);
    const result = await runMain(dir, ['run', '-s', long, 'base']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`model name "${long}" is 52 bytes; PostgreSQL allows 63 and chatsem needs 16 of them`);
    expect(result.stderr).toContain('1 error found; nothing was run.');
    // Not even the on-run-start hook ran.
    expect(await scalar(`select count(*)::int from information_schema.tables where table_schema = '${schema}' and table_name = 'audit'`)).toBe(0);
    expect(result.stdout).not.toContain('START');
  });
});
