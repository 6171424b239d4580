/**
 * A rebuild killed mid-transaction (SIGKILL while a hook sleeps) leaves the previous version and its dependent
 * views intact and no scratch relations behind, and the next run succeeds. PostgreSQL only: PGlite runs in-process.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { build, openWarehouse, relationNames, rows } from './__fixtures__/model-node.js';

const postgresUp = await postgresReachable();
const V1 = `select * from (values (1, 'a'), (2, 'b')) as t(id, name)`;

/** Polls until `check` holds; the deadline only guards against hanging, it asserts nothing about speed. */
async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!postgresUp)('postgres: a rebuild killed mid-run', () => {
  let adapter: Adapter;
  const schemas: string[] = [];

  beforeAll(async () => {
    adapter = await openWarehouse('postgres', postgresTestUrl());
  });
  afterAll(async () => {
    for (const schema of schemas) await adapter.query(`drop schema if exists "${schema}" cascade`);
    await adapter.close();
  });

  for (const place of ['pre', 'post'] as const) {
    it(`killed during a ${place}-hook (${place === 'pre' ? 'before the build' : 'after the swap, before commit'})`, async () => {
      const s = uniqueName('kill');
      schemas.push(s);
      await build(adapter, s, 'orders', { materialized: 'table' }, V1);
      await adapter.query(`create view "${s}".dep as select count(*)::int as n from "${s}".orders`);

      const marker = uniqueName('marker');
      const sleeping = async () => {
        const found = await adapter.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where pid <> pg_backend_pid() and state = 'active' and query like '%pg_sleep%' and strpos(query, $1) > 0`,
          [marker],
        );
        return found.rows[0]!.n === 1;
      };
      const child = spawn(join(process.cwd(), 'node_modules/.bin/vite-node'), [join(__dirname, '__fixtures__/rebuild-child.ts'), s, postgresTestUrl(), place, marker], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      await waitFor(`the child to reach its ${place}-hook (stderr: ${stderr})`, sleeping);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const gone = async () =>
        (await adapter.query('select 1 from pg_stat_activity where pid <> pg_backend_pid() and strpos(query, $1) > 0', [marker])).rows.length === 0;
      await waitFor('the server to end the killed session', gone);

      expect(await rows(adapter, `select * from "${s}".orders order by id`)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
      expect(await rows(adapter, `select n from "${s}".dep`)).toEqual([{ n: 2 }]);
      expect(await relationNames(adapter, s)).toEqual(['dep:view', 'orders:table']);

      const next = await build(adapter, s, 'orders', { materialized: 'table' }, `select 3 as id, 'c' as name`);
      expect(next.message).toBe('SELECT 1');
      expect(await rows(adapter, `select n from "${s}".dep`)).toEqual([{ n: 1 }]);
      expect(await relationNames(adapter, s)).toEqual(['dep:view', 'orders:table']);
    });
  }
});
