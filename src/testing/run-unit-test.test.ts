import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import type { ManifestNode, SourceDefinition, UnitTestInput } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { makeNode, makeSource } from './__fixtures__/nodes.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { buildUnitTestSql, inferType, runUnitTest } from './index.js';

const skipPostgres = !(await postgresReachable());

describe('inferType', () => {
  it.each<[unknown[], string]>([
    [[1, 2, null], 'integer'],
    [[1, 2 ** 40], 'bigint'],
    [[1, 2.5], 'numeric'],
    [['1', '2'], 'integer'],
    [['007'], 'text'],
    [['1e5'], 'text'],
    [[true, 'false'], 'boolean'],
    [['2024-01-31', '2024-02-01'], 'date'],
    [['2024-01-31 10:00:00'], 'timestamp'],
    [['2024-01-31T10:00:00Z', '2024-01-31T10:00:00+02:00'], 'timestamptz'],
    [['2024-01-31', '2024-01-31 10:00'], 'timestamp'],
    [[1, 'n/a'], 'text'],
    [[null, null], 'text'],
    [[{ a: 1 }], 'jsonb'],
  ])('%j → %s', (values, type) => {
    expect(inferType(values)).toBe(type);
  });
});

const dict = (input: string, rows: Record<string, unknown>[]): UnitTestInput => ({ input, format: 'dict', rows, text: null });
const csv = (input: string, text: string): UnitTestInput => ({ input, format: 'csv', rows: null, text });

for (const kind of WAREHOUSES) {
  describe.skipIf(kind === 'postgres' && skipPostgres)(`${kind}: unit tests`, () => {
    let adapter: Adapter;
    let schema: string;
    let model: ManifestNode;
    let customers: ManifestNode;
    let orders: SourceDefinition;
    let manifest: { nodes: Record<string, ManifestNode>; sources: Record<string, SourceDefinition> };

    const unitTest = (given: UnitTestInput[], expectRows: UnitTestInput, name = 'counts_orders') =>
      makeNode({
        name,
        resource_type: 'unit_test',
        unit_test: { model: 'customer_orders', given, expect: expectRows, overrides: {} },
        location: { file: 'models/unit.yml', line: 3 },
      });
    const run = (node: ManifestNode) => runUnitTest(adapter, { node, model, manifest });
    const defaultGiven = () => [
      dict("ref('stg_customers')", [
        { id: 1, name: 'ann' },
        { id: 2, name: 'bob' },
      ]),
      dict("source('shop', 'orders')", [
        { customer_id: 1, amount: 10.5 },
        { customer_id: 1, amount: 4.5 },
      ]),
    ];

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter?.close();
    });
    beforeEach(async () => {
      schema = uniqueName('chatsem_unit');
      customers = makeNode({ name: 'stg_customers', resource_type: 'model', schema });
      orders = makeSource({
        source_name: 'shop',
        name: 'orders',
        identifier: 'raw_orders',
        schema: `${schema}_raw`,
        columns: { amount: { name: 'amount', description: '', data_type: 'numeric(10,2)', meta: {}, tags: [], quote: null } },
      });
      model = makeNode({
        name: 'customer_orders',
        resource_type: 'model',
        schema,
        depends_on: { nodes: [customers.unique_id, orders.unique_id], macros: [] },
        compiled_code: [
          'with o as (',
          `  select customer_id, count(*) as order_count, sum(amount) as total from ${orders.relation_name} group by customer_id`,
          ')',
          `select c.id, c.name, coalesce(o.order_count, 0) as order_count, o.total`,
          `from ${customers.relation_name} c left join o on o.customer_id = c.id`,
          'order by c.id;',
        ].join('\n'),
      });
      manifest = { nodes: { [customers.unique_id]: customers, [model.unique_id]: model }, sources: { [orders.unique_id]: orders } };
    });
    afterEach(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
    });

    it('passes when the rows match as a multiset, whatever their order, with no real table', async () => {
      const node = unitTest(defaultGiven(), dict('', [
        { id: 2, name: 'bob', order_count: 0, total: null },
        { id: 1, name: 'ann', order_count: 2, total: 15 },
      ]));
      const outcome = await run(node);
      expect(outcome).toMatchObject({ status: 'pass', failures: 0, message: '' });
      expect(outcome.executedSql).not.toContain(`"${schema}"."stg_customers"`);
    });

    it('fails with a diff of missing and unexpected rows', async () => {
      const node = unitTest(defaultGiven(), dict('', [
        { id: 1, order_count: 3 },
        { id: 2, order_count: 0 },
        { id: 2, order_count: 0 },
      ]));
      const outcome = await run(node);
      expect(outcome.status).toBe('fail');
      expect(outcome.failures).toBe(3);
      expect(outcome.message).toBe(
        [
          'actual differs from expected: 2 rows missing, 1 unexpected',
          '  |   | id | order_count |',
          '  | + | 1  | 2           |',
          '  | - | 1  | 3           |',
          '  | - | 2  | 0           |',
          '  (- expected but not produced, + produced but not expected)',
        ].join('\n'),
      );
    });

    it('reads CSV fixtures and types a source column from its YAML data_type', async () => {
      const node = unitTest(
        [csv("ref('stg_customers')", 'id,name\n1,ann\n'), csv("source('shop','orders')", 'customer_id,amount\n1,1.10\n1,2.20\n')],
        csv('', 'id,name,order_count,total\n1,ann,2,3.30\n'),
      );
      expect(await run(node)).toMatchObject({ status: 'pass' });
      const { actualSql } = buildUnitTestSql(node, model, { manifest });
      expect(actualSql).toContain(`cast('1.10' as numeric(10,2)) as "amount"`);
      expect(actualSql).toContain(`"__unit_input_shop_orders" as (`);
    });

    it('takes column types and the full column list from the catalogue when the input exists, reading no rows', async () => {
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".stg_customers (id bigint, name text, signed_up date)`);
      await adapter.query(`insert into "${schema}".stg_customers values (99, 'real row', '2020-01-01')`);
      const { actualSql } = buildUnitTestSql(unitTest(defaultGiven(), dict('', [])), model, {
        manifest,
        catalogueColumns: (m) => (m.unique_id === customers.unique_id ? [{ name: 'id', type: 'bigint' }, { name: 'name', type: 'text' }, { name: 'signed_up', type: 'date' }] : undefined),
      });
      expect(actualSql).toContain(`select cast('1' as bigint) as "id", cast('ann' as text) as "name", cast(null as date) as "signed_up"`);
      const node = unitTest(defaultGiven(), dict('', [{ id: 1, total: 15 }, { id: 2, total: null }]));
      expect(await run(node)).toMatchObject({ status: 'pass' });
      expect((await adapter.query(`select count(*)::int as n from "${schema}".stg_customers`)).rows).toEqual([{ n: 1 }]);
    });

    it('supports empty inputs (typed from YAML) and sql fixtures', async () => {
      const node = unitTest(
        [dict("ref('stg_customers')", [{ id: 1, name: 'ann' }]), dict("source('shop', 'orders')", [])],
        { input: '', format: 'sql', rows: null, text: "select 1 as id, 'ann'::text as name, 0::bigint as order_count, null::numeric as total" },
      );
      // The orders source declares only `amount`; customer_id is unknown, so the model cannot group by it.
      const outcome = await run(node);
      expect(outcome.status).toBe('error');
      expect(outcome.message).toMatch(/^unit test counts_orders of model customer_orders failed: column "customer_id" does not exist/);
      expect(outcome.error?.hint).toMatch(/give it in the rows or declare its data_type/);

      orders.columns.customer_id = { name: 'customer_id', description: '', data_type: 'integer', meta: {}, tags: [], quote: null };
      expect(await run(node)).toMatchObject({ status: 'pass' });
    });

    it('expect with no rows means the model returns none', async () => {
      expect(await run(unitTest(defaultGiven(), dict('', [])))).toMatchObject({ status: 'fail', failures: 2, message: 'expected no rows, but model customer_orders returned 2' });
      const none = unitTest([dict("ref('stg_customers')", []), dict("source('shop', 'orders')", [{ customer_id: 1, amount: 2 }])], csv('', 'id,name\n'));
      const unknown = await run(none);
      expect(unknown.message).toBe("unit test counts_orders of model customer_orders, given input ref('stg_customers') has no rows and its columns are unknown");
      expect(unknown.error?.hint).toMatch(/^Declare the columns \(with data_type\)/);
      customers.columns = {
        id: { name: 'id', description: '', data_type: 'integer', meta: {}, tags: [], quote: null },
        name: { name: 'name', description: '', data_type: null, meta: {}, tags: [], quote: null },
      };
      expect(await run(none)).toMatchObject({ status: 'pass' });
    });

    it('fails when an expected column is not produced by the model', async () => {
      const outcome = await run(unitTest(defaultGiven(), dict('', [{ id: 1, revenue: 15 }])));
      expect(outcome).toMatchObject({
        status: 'fail',
        message: 'expected column revenue not in the output of model customer_orders (its columns: id, name, order_count, total)',
      });
    });

    it('requires a given input for every ref and source, and only those', () => {
      const missing = unitTest([defaultGiven()[0]!], dict('', []));
      expect(() => buildUnitTestSql(missing, model, { manifest })).toThrow(
        "unit test counts_orders of model customer_orders: model customer_orders reads source('shop', 'orders'), which has no given input",
      );
      const stranger = unitTest([...defaultGiven(), dict("ref('payments')", [])], dict('', []));
      expect(() => buildUnitTestSql(stranger, model, { manifest })).toThrow(/given input ref\('payments'\) names no model, seed, snapshot or source/);
      const notRead = makeNode({ name: 'payments', resource_type: 'model', schema });
      manifest.nodes[notRead.unique_id] = notRead;
      expect(() => buildUnitTestSql(stranger, model, { manifest })).toThrow(/given input ref\('payments'\) is not read by model customer_orders/);
    });
  });
}
