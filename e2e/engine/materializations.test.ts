/**
 * Issue "Engine II": the same fixture projects through the real CLI on PGlite (a temp directory) and on PostgreSQL
 * (a unique schema), with identical table contents on both — every materialization and incremental strategy run
 * twice, the dbt tutorial project built with `chatsem build`, and a hand-made view surviving a table rebuild.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { copyFixture, pgliteProfile, postgresProfile, repoRoot, runCli, writeProject } from '../cli.js';
import { runResults, shownRows } from './harness.js';

const pgReachable = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-mats-');
const pgSchemas: string[] = [];
afterAll(async () => {
  if (pgReachable && pgSchemas.length > 0) {
    const client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
    for (const schema of pgSchemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
  scratch.remove();
});

type Kind = 'pglite' | 'postgres';
/** One PGlite directory for the whole file: its first open is the slow part. */
const pgliteDir = join(scratch.path, 'warehouse');

function profileFor(kind: Kind, profile: string, schema: string): string {
  if (kind === 'postgres') {
    pgSchemas.push(schema);
    return postgresProfile(profile, postgresTestUrl(), schema);
  }
  return pgliteProfile(profile, pgliteDir, schema);
}

async function cli(dir: string, args: string[]): Promise<{ code: number; output: string; stdout: string }> {
  const result = await runCli(args, { cwd: dir, env: { HOME: scratch.path } });
  return result;
}

/** Rows of a query as text (`row::text`), read back through `chatsem show --output json`. */
async function rowsOf(dir: string, sql: string): Promise<string[]> {
  const result = await cli(dir, ['show', '--inline', sql, '--limit', '500', '--output', 'json', '-q']);
  expect(result.code, result.output).toBe(0);
  return shownRows(result.stdout).map((row) => String(Object.values(row)[0]));
}

const matsModels: Record<string, string> = {
  'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect id, grp, amount, updated_at from {{ ref('src_rows') }}\n",
  'models/v_rows.sql': "select id, grp, amount from {{ ref('eph') }}\n",
  'models/t_rows.sql': "{{ config(materialized='table') }}\nselect grp, sum(amount) as total, count(*) as n from {{ ref('eph') }} group by grp\n",
  'models/inc_append.sql': [
    "{{ config(materialized='incremental', incremental_strategy='append') }}",
    "select id, amount from {{ ref('src_rows') }}",
    '{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}',
    '',
  ].join('\n'),
  'models/inc_delins.sql':
    "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='grp') }}\nselect grp, sum(amount) as total from {{ ref('src_rows') }} group by grp\n",
  'models/inc_merge.sql': "{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}\nselect id, grp, amount * 2 as doubled from {{ ref('src_rows') }}\n",
  'models/inc_sync.sql': [
    "{{ config(materialized='incremental', unique_key='id', on_schema_change='sync_all_columns') }}",
    "select id, amount {% if var('extra', false) %}, grp as extra_col{% endif %} from {{ ref('src_rows') }}",
    '',
  ].join('\n'),
};
const seedV1 = 'id,grp,amount,updated_at\n1,a,10,2024-01-01\n2,a,20,2024-01-02\n3,b,30,2024-01-03\n';
const seedV2 = 'id,grp,amount,updated_at\n1,a,10,2024-01-01\n2,a,25,2024-01-02\n3,b,30,2024-01-03\n4,b,40,2024-01-04\n5,c,50,2024-01-05\n';

/** What each relation must hold after run 1 (seed v1) then run 2 (seed v2, `extra` column added). */
function expectedMats(): string[] {
  const v1 = [[1, 'a', 10], [2, 'a', 20], [3, 'b', 30]] as const;
  const v2 = [[1, 'a', 10], [2, 'a', 25], [3, 'b', 30], [4, 'b', 40], [5, 'c', 50]] as const;
  const rows: string[] = [];
  // append: run 2 adds only ids above the max of run 1, so id 2 keeps its old amount.
  const appended = [...v1.map(([id, , amount]) => [id, amount]), ...v2.filter(([id]) => id > 3).map(([id, , amount]) => [id, amount])];
  rows.push(...appended.map(([id, amount]) => `inc_append (${id},${amount})`));
  const totals = new Map<string, [number, number]>();
  for (const [, grp, amount] of v2) totals.set(grp, [(totals.get(grp)?.[0] ?? 0) + amount, (totals.get(grp)?.[1] ?? 0) + 1]);
  rows.push(...[...totals].map(([grp, [total]]) => `inc_delins (${grp},${total})`));
  rows.push(...v2.map(([id, grp, amount]) => `inc_merge (${id},${grp},${amount * 2})`));
  rows.push(...v2.map(([id, grp, amount]) => `inc_sync (${id},${amount},${grp})`));
  rows.push(...[...totals].map(([grp, [total, n]]) => `t_rows (${grp},${total},${n})`));
  rows.push(...v2.map(([id, grp, amount]) => `v_rows (${id},${grp},${amount})`));
  return rows.sort();
}

const contents: Partial<Record<Kind, string[]>> = {};
const jaffleContents: Partial<Record<Kind, string[]>> = {};

/** customers and orders of the tutorial project, computed from its seed CSVs. */
function expectedJaffle(): string[] {
  const csv = (name: string): string[][] =>
    readFileSync(join(repoRoot, 'e2e', 'fixtures', 'jaffle_shop', 'seeds', `${name}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const customers = csv('raw_customers');
  const orders = csv('raw_orders').map(([id, user, date, status]) => ({ id: Number(id), customer: Number(user), date: date!, status: status! }));
  const payments = csv('raw_payments').map(([id, order, method, cents]) => ({ id: Number(id), order: Number(order), method: method!, dollars: Number(cents) / 100 }));
  const money = (n: number): string => n.toFixed(2);
  const rows: string[] = [];
  for (const [id, first, last] of customers) {
    const mine = orders.filter((o) => o.customer === Number(id));
    const dates = mine.map((o) => o.date).sort();
    const paid = payments.filter((p) => mine.some((o) => o.id === p.order)).reduce((sum, p) => sum + p.dollars, 0);
    const none = mine.length === 0;
    rows.push(`customers (${id},${first},${last},${none ? '' : dates[0]},${none ? '' : dates.at(-1)},${none ? '' : mine.length},${none ? '' : money(paid)})`);
  }
  const methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'];
  for (const o of orders) {
    const mine = payments.filter((p) => p.order === o.id);
    // `sum(case … then amount else 0 end)`: numeric(16,2) when a payment of the method exists, else the integer 0.
    const by = methods.map((m) => {
      const paid = mine.filter((p) => p.method === m);
      return paid.length === 0 ? '0' : money(paid.reduce((sum, p) => sum + p.dollars, 0));
    });
    const total = mine.reduce((sum, p) => sum + p.dollars, 0);
    rows.push(`orders (${o.id},${o.customer},${o.date},${o.status},${by.join(',')},${money(total)},${money(total)})`);
  }
  return rows.sort();
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !pgReachable)(`on ${kind}`, () => {
    const schema = kind === 'postgres' ? uniqueName('e2e_mats') : 'mats';

    it('view, table, incremental (append, delete+insert, merge, sync_all_columns) and ephemeral, run twice', async () => {
      const dir = writeProject(join(scratch.path, `mats-${kind}`), {
        'project.yaml': 'name: mats\nversion: "1.0"\nprofile: mats\nmodels:\n  mats:\n    +materialized: view\n',
        'profiles.yml': profileFor(kind, 'mats', schema),
        'seeds/src_rows.csv': seedV1,
        ...matsModels,
      });
      const first = await cli(dir, ['build']);
      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain(`OK created sql incremental model ${schema}.inc_merge`);
      expect(first.output).toContain('Done. PASS=7 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=7');

      writeProject(dir, { 'seeds/src_rows.csv': seedV2 });
      const second = await cli(dir, ['build', '--vars', 'extra: true']);
      expect(second.code, second.output).toBe(0);
      const results = Object.fromEntries(runResults(dir).results.map((r) => [r.unique_id.split('.').at(-1), r]));
      // The second run is incremental: append inserts only the two new rows.
      expect(results.inc_append!.adapter_response.rows_affected).toBe(2);
      expect(results.src_rows!.adapter_response.rows_affected).toBe(5);

      const union = ['inc_append', 'inc_delins', 'inc_merge', 'inc_sync', 't_rows', 'v_rows']
        .map((name) => `select '${name} ' || t::text as r from ${schema}.${name} t`)
        .join(' union all ');
      const rows = (await rowsOf(dir, union)).sort();
      expect(rows).toEqual(expectedMats());
      const columns = await rowsOf(dir, `select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_schema = '${schema}' and table_name = 'inc_sync'`);
      expect(columns).toEqual(['id,amount,extra_col']);
      const relations = await rowsOf(dir, `select string_agg(table_name || ':' || table_type, ',' order by table_name) from information_schema.tables where table_schema = '${schema}'`);
      // The ephemeral model is inlined as a CTE, never created.
      expect(relations).toEqual(['inc_append:BASE TABLE,inc_delins:BASE TABLE,inc_merge:BASE TABLE,inc_sync:BASE TABLE,src_rows:BASE TABLE,t_rows:BASE TABLE,v_rows:VIEW']);
      contents[kind] = rows;
    }, 150_000);

    it('builds the dbt tutorial project with the customers and orders computed from its seeds', async () => {
      const jaffleSchema = kind === 'postgres' ? uniqueName('e2e_jaffle') : 'jaffle';
      const dir = copyFixture('jaffle_shop', join(scratch.path, `jaffle-${kind}`));
      writeProject(dir, { 'profiles.yml': profileFor(kind, 'jaffle_shop', jaffleSchema) });
      const build = await cli(dir, ['build']);
      expect(build.code, build.output).toBe(0);
      expect(build.output).toContain('Done. PASS=24 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=24');
      const rows = (
        await rowsOf(dir, `select 'customers ' || t::text from ${jaffleSchema}.customers t union all select 'orders ' || t::text from ${jaffleSchema}.orders t`)
      ).sort();
      expect(rows).toEqual(expectedJaffle());
      jaffleContents[kind] = rows;
    }, 120_000);

    // Needs a second client on the warehouse while chatsem runs: PostgreSQL only (PGlite has one process).
    if (kind === 'postgres') it('a view made by hand on a rebuilt table still answers after `chatsem run`', async () => {
      const dir = join(scratch.path, 'jaffle-postgres');
      const jaffleSchema = pgSchemas.at(-1)!;
      const client = new pg.Client({ connectionString: postgresTestUrl() });
      await client.connect();
      try {
        await client.query(`create view "${jaffleSchema}".big_customers as select customer_id, first_name from "${jaffleSchema}".customers where number_of_orders > 1`);
        const before = await client.query(`select * from "${jaffleSchema}".big_customers order by customer_id`);
        const run = await cli(dir, ['run', '-s', 'customers']);
        expect(run.code, run.output).toBe(0);
        expect(run.output).toContain(`OK created sql table model ${jaffleSchema}.customers`);
        const after = await client.query(`select * from "${jaffleSchema}".big_customers order by customer_id`);
        expect(after.rows).toEqual(before.rows);
        expect(after.rows.length).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    });
  });
}

describe.skipIf(!pgReachable)('PGlite and PostgreSQL agree', () => {
  it('the same projects produce identical table contents on both warehouses', () => {
    expect(contents.pglite).toBeDefined();
    expect(contents.postgres).toEqual(contents.pglite);
    expect(jaffleContents.pglite).toBeDefined();
    expect(jaffleContents.postgres).toEqual(jaffleContents.pglite);
  });
});
