/**
 * End to end through the real project loader and compiler: YAML tests → test nodes compiled with the built-in
 * macros → run against the warehouse, on both warehouses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import { ProjectCompiler } from '../compiler/index.js';
import type { Manifest, ManifestNode } from '../core/index.js';
import { loadProject } from '../project/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { builtinTestMacros, runDataTest, runUnitTest } from './index.js';

const skipPostgres = !(await postgresReachable());

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nversion: "1.0"\n',
  'models/sources.yml': `version: 2
sources:
  - name: shop
    schema: "{{ var('raw_schema') }}"
    tables:
      - name: orders
        identifier: raw_orders
        columns:
          - name: id
            tests: [not_null, unique]
          - name: status
            tests:
              - accepted_values:
                  arguments:
                    values: [placed, shipped, returned]
      - name: customers
        identifier: raw_customers
      - name: payments
        columns:
          - name: id
            tests: [not_null]
`,
  'models/stg_orders.sql': "select id, customer_id, status, amount from {{ source('shop', 'orders') }}\n",
  'models/customers.sql': "select id, name from {{ source('shop', 'customers') }}\n",
  'models/customer_orders.sql': `select c.id, c.name, count(o.id) as order_count
from {{ ref('customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.id
group by c.id, c.name
`,
  'models/schema.yml': `version: 2
models:
  - name: stg_orders
    tests:
      - dbt_expectations.expect_table_row_count_to_equal_other_table:
          compare_model: source('shop', 'orders')
      - dbt_expectations.expect_table_columns_to_match_set:
          column_list: [id, customer_id, status, amount]
      - dbt_expectations.expect_compound_columns_to_be_unique:
          column_list: [id, status]
    columns:
      - name: id
        tests:
          - unique
          - not_null
          - dbt_expectations.expect_column_to_exist
      - name: status
        tests:
          - accepted_values:
              values: ['placed', 'shipped']
              config:
                severity: warn
          - accepted_values:
              name: status_is_known
              arguments:
                values: ['placed', 'shipped', 'returned']
      - name: customer_id
        tests:
          - relationships:
              to: ref('customers')
              field: id
          - relationships:
              name: customer_exists_except_9
              to: ref('customers')
              field: id
              config:
                where: "customer_id <> 9"
          - dbt_expectations.expect_column_values_to_be_in_set:
              value_set: [1, 2, 9]
              quote_values: false
      - name: amount
        tests:
          - is_positive
          - dbt_expectations.expect_column_values_to_be_between:
              min_value: 0
              row_condition: "status <> 'returned'"
unit_tests:
  - name: counts_orders
    model: customer_orders
    given:
      - input: ref('customers')
        rows:
          - {id: 1, name: ann}
          - {id: 2, name: bob}
      - input: ref('stg_orders')
        format: csv
        rows: |
          id,customer_id,status,amount
          1,1,placed,10
          2,1,shipped,20
    expect:
      rows:
        - {id: 1, order_count: 2}
        - {id: 2, order_count: 0}
`,
  'macros/is_positive.sql': '{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n',
  'tests/assert_no_negative_amounts.sql': "select * from {{ ref('stg_orders') }} where amount < 0\n",
};

function writeProject(dir: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}

async function compile(schema: string, rawSchema: string, files: Record<string, string>): Promise<Manifest> {
  const dir = makeTempDir('chatsem-testing-');
  try {
    writeProject(dir.path, files);
    const project = await loadProject(dir.path, { env: {} });
    const compiler = new ProjectCompiler(project, {
      vars: { raw_schema: rawSchema },
      target: { name: 'dev', schema, type: 'postgres', threads: 1 },
      env: {},
      invocationId: '00000000-0000-4000-8000-000000000000',
      runStartedAt: new Date(),
      builtinMacros: [...builtinTestMacros],
    });
    const { manifest, errors } = compiler.compile();
    if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
    return manifest;
  } finally {
    dir.remove();
  }
}

for (const kind of WAREHOUSES) {
  describe.skipIf(kind === 'postgres' && skipPostgres)(`${kind}: compiled YAML tests`, () => {
    let adapter: Adapter;
    let schema: string;
    let raw: string;
    let manifest: Manifest;
    const tests = () => Object.values(manifest.nodes).filter((n): n is ManifestNode => n.resource_type === 'test');
    const byName = (name: string) => {
      const node = tests().find((n) => n.name === name);
      if (!node) throw new Error(`no test ${name}; tests: ${tests().map((n) => n.name).join(', ')}`);
      return node;
    };
    const run = (name: string) => runDataTest(adapter, { node: byName(name), sql: byName(name).compiled_code!, manifest });

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter?.close();
    });
    beforeEach(async () => {
      schema = uniqueName('chatsem_ct');
      raw = `${schema}_raw`;
      manifest = await compile(schema, raw, FILES);
      await adapter.query(`create schema "${raw}"`);
      await adapter.query(`create table "${raw}".raw_orders (id int, customer_id int, status text, amount numeric)`);
      await adapter.query(`insert into "${raw}".raw_orders values (1, 1, 'placed', 10), (2, 2, 'shipped', 20), (3, 9, 'returned', -5)`);
      await adapter.query(`create table "${raw}".raw_customers (id int, name text)`);
      await adapter.query(`insert into "${raw}".raw_customers values (1, 'ann'), (2, 'bob')`);
      await adapter.query(`create schema "${schema}"`);
      for (const name of ['customers', 'stg_orders', 'customer_orders']) {
        const model = manifest.nodes[`model.shop.${name}`]!;
        await adapter.query(`create table ${model.relation_name} as ${model.compiled_code}`);
      }
    });
    afterEach(async () => {
      for (const s of [schema, raw]) await adapter.query(`drop schema if exists "${s}" cascade`);
    });

    it('runs every generic, custom, expectation and singular test with the expected verdicts', async () => {
      const verdicts: Record<string, string> = {};
      for (const node of tests()) {
        if (node.attached_node?.startsWith('source.')) continue;
        verdicts[node.name] = (await runDataTest(adapter, { node, sql: node.compiled_code!, manifest })).status;
      }
      expect(verdicts).toEqual({
        unique_stg_orders_id: 'pass',
        not_null_stg_orders_id: 'pass',
        dbt_expectations_expect_column_to_exist_stg_orders_id: 'pass',
        accepted_values_stg_orders_status__placed__shipped: 'warn',
        status_is_known: 'pass',
        relationships_stg_orders_customer_id__id__ref_customers_: 'fail',
        customer_exists_except_9: 'pass',
        dbt_expectations_expect_column_values_to_be_in_set_stg_orders_customer_id__False__1__2__9: 'pass',
        is_positive_stg_orders_amount: 'fail',
        dbt_expectations_expect_column_values_to_be_between_stg_orders_amount__0__status_returned_: 'pass',
        dbt_expectations_expect_table_row_count_to_equal_other_table_stg_orders_source_shop_orders_: 'pass',
        dbt_expectations_expect_table_columns_to_match_set_stg_orders_id__customer_id__status__amount: 'pass',
        dbt_expectations_expect_compound_columns_to_be_unique_stg_orders_id__status: 'pass',
        assert_no_negative_amounts: 'fail',
      });
      expect(await run('accepted_values_stg_orders_status__placed__shipped')).toMatchObject({ failures: 1, message: 'Got 1 result, configured to warn if != 0' });
      expect(byName('customer_exists_except_9').compiled_code).toContain('dbt_subquery');
    });

    it('runs source tests, and explains a source table that was never loaded', async () => {
      const sourceTests = tests().filter((n) => n.attached_node?.startsWith('source.'));
      const outcomes = Object.fromEntries(
        await Promise.all(sourceTests.map(async (node) => [node.name, await runDataTest(adapter, { node, sql: node.compiled_code!, manifest })] as const)),
      );
      expect(outcomes.source_not_null_shop_orders_id?.status).toBe('pass');
      expect(outcomes.source_unique_shop_orders_id?.status).toBe('pass');
      expect(outcomes.source_accepted_values_shop_orders_status__placed__shipped__returned?.status).toBe('pass');
      const payments = outcomes.source_not_null_shop_payments_id!;
      expect(payments.status).toBe('error');
      expect(payments.message).toMatch(
        new RegExp(`^table payments not found in schema ${raw} \\(looked for by source shop\\.payments \\(models/sources\\.yml:\\d+\\) for test source_not_null_shop_payments_id \\(models/sources\\.yml:\\d+\\)\\) — did you load data with \`chatsem load\``),
      );
    });

    it('runs the YAML unit test over CTEs of the given rows', async () => {
      const node = manifest.unit_tests['unit_test.shop.customer_orders.counts_orders']!;
      const model = manifest.nodes['model.shop.customer_orders']!;
      expect(await runUnitTest(adapter, { node, model, manifest })).toMatchObject({ status: 'pass' });
      const broken = { ...node, unit_test: { ...node.unit_test!, expect: { ...node.unit_test!.expect, rows: [{ id: 1, order_count: 1 }, { id: 2, order_count: 0 }] } } };
      const outcome = await runUnitTest(adapter, { node: broken, model, manifest });
      expect(outcome.status).toBe('fail');
      expect(outcome.message.split('\n')[0]).toBe('actual differs from expected: 1 row missing, 1 unexpected');
    });

    it('a project test overrides the built-in of the same name', async () => {
      const files = { ...FILES, 'tests/generic/not_null.sql': '{% test not_null(model, column_name) %}\nselect 1 as project_not_null where false\n{% endtest %}\n' };
      const overridden = await compile(schema, raw, files);
      const node = Object.values(overridden.nodes).find((n) => n.name === 'not_null_stg_orders_id')!;
      expect(node.compiled_code).toContain('project_not_null');
    });
  });
}
