/**
 * Issue "Engine II", runs that are killed or collide: a `table` model keeps its previous version when the run is
 * SIGKILLed mid-rebuild (PostgreSQL) and the next run succeeds; a second chatsem on a PGlite folder in use exits
 * with a message naming the process that holds it.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { pgliteProfile, postgresProfile, runCli, writeProject } from '../cli.js';
import { spawnCli } from './harness.js';

const reachable = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-safety-');
const home = join(scratch.path, 'home');
afterAll(() => scratch.remove());

const victimModel = [
  "{{ config(materialized='table', pre_hook='select pg_sleep(' ~ var('sleep', 0) ~ ')') }}",
  "select {{ var('version', 1) }} as version, n from generate_series(1, 3) as n",
  '',
].join('\n');

describe.skipIf(!reachable)('a run killed mid-way (PostgreSQL)', () => {
  const schema = uniqueName('e2e_kill');
  const client = new pg.Client({ connectionString: postgresTestUrl() });
  afterAll(async () => {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('leaves the previous version of a table model intact, and the next run succeeds', async () => {
    await client.connect();
    const dir = writeProject(join(scratch.path, 'kill'), {
      'project.yaml': 'name: kill\nversion: "1.0"\nprofile: kill\n',
      'profiles.yml': postgresProfile('kill', postgresTestUrl(), schema),
      'models/victim.sql': victimModel,
    });
    const versions = async (): Promise<string[]> =>
      (await client.query(`select version || ':' || n as v from "${schema}".victim order by n`)).rows.map((r: { v: string }) => r.v);

    const first = await runCli(['run'], { cwd: dir, env: { HOME: home } });
    expect(first.code, first.output).toBe(0);
    expect(await versions()).toEqual(['1:1', '1:2', '1:3']);

    const doomed = spawnCli(['run', '--vars', 'version=2', '--vars', 'sleep=3'], { cwd: dir, env: { HOME: home } });
    await doomed.waitFor(/START sql table model \S+\.victim/);
    // The pre_hook sleeps inside the rebuild's transaction: wait until the server is running it, then kill.
    for (let i = 0; i < 100; i++) {
      const active = await client.query(`select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(3%' and pid <> pg_backend_pid()`);
      if ((active.rows[0] as { n: number }).n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    doomed.child.kill('SIGKILL');
    const killed = await doomed.done;
    expect(killed.output).not.toContain('Completed successfully');
    expect(await versions()).toEqual(['1:1', '1:2', '1:3']);

    const next = await runCli(['run', '--vars', 'version=3'], { cwd: dir, env: { HOME: home } });
    expect(next.code, next.output).toBe(0);
    expect(await versions()).toEqual(['3:1', '3:2', '3:3']);
    const leftovers = await client.query(`select table_name from information_schema.tables where table_schema = $1 and table_name like 'victim\\_\\_%'`, [schema]);
    expect(leftovers.rows).toEqual([]);
  }, 120_000);
});

describe('two chatsem processes on one PGlite folder', () => {
  it('the second exits with a clear message naming the holder; the first finishes', async () => {
    const dir = writeProject(join(scratch.path, 'lock'), {
      'project.yaml': 'name: lock\nversion: "1.0"\nprofile: lock\n',
      'profiles.yml': pgliteProfile('lock', join(scratch.path, 'warehouse'), 'main'),
      'models/victim.sql': victimModel,
    });
    const holder = spawnCli(['run', '--vars', 'sleep=4'], { cwd: dir, env: { HOME: home } });
    await holder.waitFor(/START sql table model main\.victim/, 110_000);
    const second = await runCli(['run'], { cwd: dir, env: { HOME: home } });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`The PGlite database ${join(scratch.path, 'warehouse')} is in use by process ${holder.child.pid}`);
    expect(second.stderr).toContain(`kill ${holder.child.pid}`);
    const first = await holder.done;
    expect(first.code, first.output).toBe(0);
    // Released at exit: the folder opens again.
    const after = await runCli(['show', '--inline', 'select count(*)::int as n from main.victim', '--output', 'json', '-q'], { cwd: dir, env: { HOME: home } });
    expect(after.code, after.output).toBe(0);
    expect(after.stdout).toContain('"show":[{"n":3}]');
  }, 180_000);
});
