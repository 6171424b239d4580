/**
 * Issue 7, snapshots and analyses through the CLI on PGlite and PostgreSQL: `chatsem snapshot` records history
 * across runs, `run` leaves snapshots alone, `build` runs a snapshot before the models and tests that read it, and
 * analyses are compiled into target/compiled with refs resolved but never executed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../../src/adapters/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { pgliteProfile, postgresProfile, writeProject } from '../cli.js';
import { runMain, statuses } from '../engine/harness.js';

const postgresUp = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-snapshots-');
afterAll(() => scratch.remove());

function openAdapter(kind: 'pglite' | 'postgres'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  const url = new URL(postgresTestUrl());
  return createAdapter({
    type: 'postgres', host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username) || 'postgres',
    database: url.pathname.slice(1), schema: 'public', threads: 2,
  });
}

/** A project whose models, snapshot and analysis live in `schema`; the analysis would fail if it were ever run. */
function project(kind: 'pglite' | 'postgres', schema: string): string {
  const dir = join(scratch.path, schema);
  return writeProject(dir, {
    'project.yaml': 'name: crm\nversion: "1.0"\nprofile: crm\n',
    'profiles.yml': kind === 'pglite' ? pgliteProfile('crm', IN_MEMORY_PATH, schema) : postgresProfile('crm', postgresTestUrl(), schema, 2),
    'models/sources.yml': ['version: 2', 'sources:', '  - name: app', `    schema: ${schema}`, '    tables:', '      - name: customers', ''].join('\n'),
    'snapshots/customers.sql': [
      '{% snapshot customers_snapshot %}',
      "{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}",
      "select id, tier, updated_at from {{ source('app', 'customers') }}",
      '{% endsnapshot %}',
      '',
    ].join('\n'),
    'models/current_customers.sql': "{{ config(materialized='table') }}\nselect id, tier from {{ ref('customers_snapshot') }} where dbt_valid_to is null\n",
    'models/schema.yml': ['version: 2', 'models:', '  - name: current_customers', '    columns:', '      - name: id', '        tests: [unique, not_null]', ''].join('\n'),
    'analyses/tier_history.sql': [
      'select c.id, count(*) as versions',
      "from {{ ref('customers_snapshot') }} s join {{ ref('current_customers') }} c using (id)",
      'where no_such_column = 1 group by c.id',
      '',
    ].join('\n'),
  });
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: snapshots and analyses through the CLI`, () => {
    let adapter: Adapter;
    const schema = uniqueName('snapcli');
    let dir: string;
    const chatsem = (...args: string[]) => runMain(dir, args, { adapter });
    const customers = (values: string) => adapter.query(`truncate "${schema}".customers; insert into "${schema}".customers values ${values}`);
    const history = async () =>
      (await adapter.query(`select id, tier, dbt_valid_from::text as f, dbt_valid_to is null as current from "${schema}".customers_snapshot order by id, dbt_valid_from`)).rows;

    beforeAll(async () => {
      adapter = await openAdapter(kind);
      dir = project(kind, schema);
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".customers (id int, tier text, updated_at timestamp)`);
    });
    afterAll(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    });

    it('snapshot records history; run ignores snapshots; build runs snapshot, model and tests in order', async () => {
      await customers(`(1, 'gold', '2024-01-01'), (2, 'silver', '2024-01-01')`);
      const first = await chatsem('snapshot');
      expect(first.code, first.output).toBe(0);
      expect(first.stdout).toMatch(/OK snapshotted snapshot [\w.]+customers_snapshot \.+ \[SELECT 2 in/);

      await customers(`(1, 'platinum', '2024-02-01')`);
      const second = await chatsem('snapshot', '--select', 'customers_snapshot');
      expect(second.code, second.output).toBe(0);
      expect(second.stdout).toContain('[INSERT 0 1 in');
      expect(await history()).toEqual([
        { id: 1, tier: 'gold', f: '2024-01-01 00:00:00', current: false },
        { id: 1, tier: 'platinum', f: '2024-02-01 00:00:00', current: true },
        { id: 2, tier: 'silver', f: '2024-01-01 00:00:00', current: false },
      ]);

      await customers(`(1, 'gold', '2024-03-01'), (3, 'bronze', '2024-03-01')`);
      const run = await chatsem('run');
      expect(run.code, run.output).toBe(0);
      expect(Object.keys(statuses(dir))).toEqual(['model.crm.current_customers']);
      expect((await history()).length).toBe(3);

      const build = await chatsem('build');
      expect(build.code, build.output).toBe(0);
      const order = ['snapshot.crm.customers_snapshot', 'model.crm.current_customers'].map((id) => build.stdout.indexOf(id.split('.')[2]!));
      expect(order[0]).toBeLessThan(order[1]!);
      const built = statuses(dir);
      expect(built).toMatchObject({ 'snapshot.crm.customers_snapshot': 'success', 'model.crm.current_customers': 'success' });
      expect(Object.entries(built).filter(([id]) => id.startsWith('test.')).map(([, status]) => status)).toEqual(['pass', 'pass']);
      const current = await adapter.query(`select id, tier from "${schema}".current_customers order by id`);
      expect(current.rows).toEqual([{ id: 1, tier: 'gold' }, { id: 3, tier: 'bronze' }]);
      // No analysis ever reaches the warehouse: it would have failed on no_such_column.
      expect(Object.keys(statuses(dir)).some((id) => id.startsWith('analysis.'))).toBe(false);
    });

    it('compile writes analyses to target/compiled/<project>/analyses with refs resolved', async () => {
      const compiled = await chatsem('compile');
      expect(compiled.code, compiled.output).toBe(0);
      const file = join(dir, 'target', 'compiled', 'crm', 'analyses', 'tier_history.sql');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(
        `select c.id, count(*) as versions\nfrom "${schema}"."customers_snapshot" s join "${schema}"."current_customers" c using (id)\nwhere no_such_column = 1 group by c.id`,
      );
      const one = await chatsem('compile', '--select', 'tier_history');
      expect(one.stdout).toContain(`from "${schema}"."customers_snapshot" s join`);
    });
  });
}
