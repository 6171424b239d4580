/**
 * `chatsem run` over views that already exist (in-process `main`, PostgreSQL, a unique schema): a compatible change
 * replaces each view in place — dependents made by hand keep their oid — an incompatible one swaps the view and
 * recreates its dependents, and a change that would break a dependent fails naming it, with nothing changed. Run
 * with several threads, so concurrent in-place replacements are covered too. target/run is written off the main
 * thread: a file that cannot be written is reported after the run.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { postgresProfile, writeProject } from '../cli.js';
import { runMain, statuses } from './harness.js';

const reachable = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-views-');
const schema = uniqueName('e2e_views');
const dir = join(scratch.path, 'views');
let client: pg.Client;

const fanOut = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`models/d${i}.sql`, `select id, value + ${i} as value from {{ ref('a') }}\n`]));

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await client.query(sql)).rows;
}
const oid = async (name: string) => (await query(`select '"${schema}"."${name}"'::regclass::oid::text as oid`))[0]!.oid;
const runFile = (name: string) => readFileSync(join(dir, 'target', 'run', 'views', 'models', `${name}.sql`), 'utf8');

describe.skipIf(!reachable)('views rebuilt by chatsem run on PostgreSQL', () => {
  beforeAll(async () => {
    writeProject(dir, {
      'project.yaml': 'name: views\nversion: "1.0"\nprofile: views\nmodels:\n  views:\n    +materialized: view\n',
      'profiles.yml': postgresProfile('views', postgresTestUrl(), schema),
      'models/a.sql': 'select 1 as id, 10 as value\n',
      'models/b.sql': "select id, value + 1 as value from {{ ref('a') }}\n",
      'models/c.sql': "select id, value * 2 as value from {{ ref('b') }}\n",
      ...fanOut,
    });
    client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
    const first = await runMain(dir, ['run', '--threads', '4']);
    expect(first.code, first.output).toBe(0);
    await client.query(`create view "${schema}".hand as select id, value from "${schema}".a`);
  });
  afterAll(async () => {
    await client?.query(`drop schema if exists "${schema}" cascade`);
    await client?.end();
    scratch.remove();
  });

  it('a compatible change replaces every view in place and keeps the hand-made dependent', async () => {
    const before = await oid('hand');
    writeProject(dir, { 'models/a.sql': "select 1 as id, 20 as value, 'x' as label\n" });
    const run = await runMain(dir, ['run', '--threads', '4']);
    expect(run.code, run.output).toBe(0);
    expect(Object.values(statuses(dir))).toEqual(Array(7).fill('success'));
    expect(await oid('hand')).toBe(before);
    expect(await query(`select * from "${schema}".hand`)).toEqual([{ id: 1, value: 20 }]);
    expect(await query(`select * from "${schema}".c`)).toEqual([{ id: 1, value: 42 }]);
    expect(await query(`select * from "${schema}".d3`)).toEqual([{ id: 1, value: 23 }]);
    // Replaced without describing the new SELECT through a temporary probe view first.
    expect(readFileSync(join(dir, 'logs', 'chatsem.log'), 'utf8')).not.toContain('chatsem_probe');
    expect(runFile('a')).toBe(`create schema if not exists "${schema}";\n\ncreate or replace view "${schema}"."a" as (\nselect 1 as id, 20 as value, 'x' as label\n);\n`);
  });

  it('a retyped column swaps the view and recreates its dependents, hand-made or not', async () => {
    writeProject(dir, { 'models/a.sql': "select '1'::text as id, 30 as value\n" });
    const run = await runMain(dir, ['run', '--threads', '4']);
    expect(run.code, run.output).toBe(0);
    expect(Object.values(statuses(dir))).toEqual(Array(7).fill('success'));
    expect(readFileSync(join(dir, 'logs', 'chatsem.log'), 'utf8')).toContain('chatsem_probe');
    expect(runFile('a')).toContain(`drop view "${schema}"."hand"`);
    expect(runFile('a')).toContain(`alter view "${schema}"."a__chatsem_tmp" rename to "a"`);
    expect(await query(`select * from "${schema}".hand`)).toEqual([{ id: '1', value: 30 }]);
    expect(await query(`select * from "${schema}".c`)).toEqual([{ id: '1', value: 62 }]);
    expect(await query(`select format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = '"${schema}".d0'::regclass and attname = 'id'`)).toEqual([{ type: 'text' }]);
  });

  it('a change that would break a dependent fails naming it, and changes nothing', async () => {
    writeProject(dir, { 'models/a.sql': "select '1'::text as id\n" });
    const run = await runMain(dir, ['run', '--threads', '4']);
    expect(run.code).toBe(1);
    expect(run.output).toContain('the rebuild would break the dependent view');
    expect(run.output).toContain('rolled back');
    expect(statuses(dir)['model.views.a']).toBe('error');
    expect(statuses(dir)['model.views.c']).toBe('skipped');
    expect(await query(`select * from "${schema}".hand`)).toEqual([{ id: '1', value: 30 }]);
    expect(await query(`select * from "${schema}".a`)).toEqual([{ id: '1', value: 30 }]);
  });

  it('statements that cannot be written to target/run are reported after the run, which exits 1', async () => {
    writeProject(dir, { 'models/a.sql': "select '1'::text as id, 40 as value\n" });
    rmSync(join(dir, 'target', 'run'), { recursive: true, force: true });
    writeFileSync(join(dir, 'target', 'run'), 'not a directory');
    try {
      const run = await runMain(dir, ['run', '-s', 'a', '--threads', '4']);
      expect(run.code).toBe(1);
      expect(statuses(dir)).toEqual({ 'model.views.a': 'success' });
      expect(run.output).toContain(`Could not write the executed statements to ${join(dir, 'target', 'run', 'views', 'models', 'a.sql')}`);
      expect(await query(`select * from "${schema}".a`)).toEqual([{ id: '1', value: 40 }]);
    } finally {
      rmSync(join(dir, 'target', 'run'), { force: true });
    }
  });
});
