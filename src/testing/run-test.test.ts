import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import type { Manifest, NodeConfig } from '../core/index.js';
import { Relation } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { makeNode } from './__fixtures__/nodes.js';
import { renderTestMacro } from './__fixtures__/render-test-macro.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { runDataTest, whereSubquery } from './index.js';

const skipPostgres = !(await postgresReachable());

for (const kind of WAREHOUSES) {
  describe.skipIf(kind === 'postgres' && skipPostgres)(`${kind}: generic and singular data tests`, () => {
    let adapter: Adapter;
    let schema: string;
    const rel = (name: string) => new Relation({ schema, identifier: name });

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter?.close();
    });
    beforeEach(async () => {
      schema = uniqueName('chatsem_tt');
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".customers (id integer, name text)`);
      await adapter.query(`insert into "${schema}".customers values (1, 'ann'), (2, 'bob')`);
      await adapter.query(`create table "${schema}".orders (id integer, status text, customer_id integer)`);
      await adapter.query(
        `insert into "${schema}".orders values (1, 'placed', 1), (2, 'shipped', 2), (3, 'shipped', null), (4, 'returned', 9), (4, null, 1)`,
      );
    });
    afterEach(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.query(`drop schema if exists "${schema}_test_failures" cascade`);
    });

    async function run(test: string, args: Record<string, unknown>, config: Partial<NodeConfig> = {}, extra: { warnError?: boolean; manifest?: Manifest } = {}) {
      const model = whereSubquery(rel('orders'), config.where);
      const name = `${test}_orders_${String(args.column_name ?? 'x')}`;
      const node = makeNode({ name, schema, config });
      const sql = renderTestMacro(test, { model, ...args }, node);
      return runDataTest(adapter, { node, sql, ...extra });
    }

    it('not_null passes on a full column and fails with dbt\'s message on nulls', async () => {
      expect(await run('not_null', { column_name: 'id' })).toMatchObject({ status: 'pass', failures: 0, message: '', storedIn: null });
      const failed = await run('not_null', { column_name: 'customer_id' });
      expect(failed).toMatchObject({ status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0' });
      expect(failed.executedSql).toContain('count(*) != 0 as should_error');
    });

    it('unique ignores nulls and counts duplicated values', async () => {
      expect(await run('unique', { column_name: 'customer_id' })).toMatchObject({ status: 'fail', failures: 1 });
      expect(await run('unique', { column_name: 'id' })).toMatchObject({ status: 'fail', failures: 1 });
      expect(await run('unique', { column_name: 'status' })).toMatchObject({ status: 'fail', failures: 1 });
      await adapter.query(`delete from "${schema}".orders where status is null or status = 'shipped'`);
      expect(await run('unique', { column_name: 'status' })).toMatchObject({ status: 'pass' });
    });

    it('accepted_values passes nulls, fails unknown values, quotes safely and supports quote: false', async () => {
      expect(await run('accepted_values', { column_name: 'status', values: ['placed', 'shipped', 'returned'] })).toMatchObject({ status: 'pass' });
      expect(await run('accepted_values', { column_name: 'status', values: ['placed', 'shipped'] })).toMatchObject({
        status: 'fail',
        failures: 1,
        message: 'Got 1 result, configured to fail if != 0',
      });
      await adapter.query(`insert into "${schema}".orders values (5, 'o''brien', 1)`);
      expect(await run('accepted_values', { column_name: 'status', values: ['placed', 'shipped', 'returned', "o'brien"] })).toMatchObject({ status: 'pass' });
      expect(await run('accepted_values', { column_name: 'customer_id', values: [1, 2, 9], quote: false })).toMatchObject({ status: 'pass' });
      expect(await run('accepted_values', { column_name: 'customer_id', values: [1, 2], quote: false })).toMatchObject({ status: 'fail', failures: 1 });
    });

    it('relationships ignores null children and fails orphans', async () => {
      const to = rel('customers');
      expect(await run('relationships', { column_name: 'customer_id', to, field: 'id' })).toMatchObject({ status: 'fail', failures: 1 });
      await adapter.query(`insert into "${schema}".customers values (9, 'zoe')`);
      expect(await run('relationships', { column_name: 'customer_id', to, field: 'id' })).toMatchObject({ status: 'pass' });
    });

    it('severity warn turns a failure into a warning; --warn-error turns it back into a failure', async () => {
      expect(await run('not_null', { column_name: 'status' }, { severity: 'warn' })).toMatchObject({
        status: 'warn',
        failures: 1,
        message: 'Got 1 result, configured to warn if != 0',
      });
      expect(await run('not_null', { column_name: 'status' }, { severity: 'warn' }, { warnError: true })).toMatchObject({
        status: 'fail',
        message: 'Got 1 result, configured to fail if != 0',
      });
    });

    it('warn_if / error_if thresholds decide between pass, warn and fail', async () => {
      const config = { warn_if: '>1', error_if: '> 2' };
      const sql = (n: number) => `select * from generate_series(1, ${n})`;
      const node = makeNode({ name: 'threshold_test', schema, config });
      expect(await runDataTest(adapter, { node, sql: sql(1) })).toMatchObject({ status: 'pass', failures: 0 });
      expect(await runDataTest(adapter, { node, sql: sql(2) })).toMatchObject({ status: 'warn', failures: 2, message: 'Got 2 results, configured to warn if >1' });
      expect(await runDataTest(adapter, { node, sql: sql(3) })).toMatchObject({ status: 'fail', failures: 3, message: 'Got 3 results, configured to fail if > 2' });
      const bad = makeNode({ name: 'bad_threshold', schema, config: { error_if: '> 0 or true' } });
      const outcome = await runDataTest(adapter, { node: bad, sql: sql(1) });
      expect(outcome.status).toBe('error');
      expect(outcome.message).toMatch(/^error_if of test bad_threshold is "> 0 or true": expected a comparison/);
    });

    it('where filters the tested relation', async () => {
      expect(await run('not_null', { column_name: 'status' }, { where: 'id < 4' })).toMatchObject({ status: 'pass' });
      expect(await run('not_null', { column_name: 'status' }, { where: 'id = 4' })).toMatchObject({ status: 'fail', failures: 1 });
    });

    it('fail_calc replaces count(*); a non-numeric result is an error naming the test', async () => {
      const node = makeNode({ name: 'sum_calc', schema, config: { fail_calc: 'coalesce(sum(n), 0)', error_if: '> 5' } });
      expect(await runDataTest(adapter, { node, sql: 'select 2 as n union all select 4' })).toMatchObject({ status: 'fail', failures: 6, message: 'Got 6 results, configured to fail if > 5' });
      expect(await runDataTest(adapter, { node, sql: 'select 2 as n where false' })).toMatchObject({ status: 'pass' });
      const text = makeNode({ name: 'text_calc', schema, config: { fail_calc: "max('x')" } });
      const outcome = await runDataTest(adapter, { node: text, sql: 'select 1' });
      expect(outcome.status).toBe('error');
    });

    it('limit caps the failing rows counted', async () => {
      const node = makeNode({ name: 'limited', schema, config: { limit: 3 } });
      expect(await runDataTest(adapter, { node, sql: 'select * from generate_series(1, 10);' })).toMatchObject({ status: 'fail', failures: 3 });
    });

    it('store_failures keeps the failing rows in <schema>_test_failures, replaced on each run', async () => {
      const first = await run('not_null', { column_name: 'customer_id' }, { store_failures: true });
      expect(first.status).toBe('fail');
      expect(first.storedIn).toBe(`select * from "${schema}_test_failures"."not_null_orders_customer_id"`);
      const stored = await adapter.query(`${first.storedIn} order by id`);
      expect(stored.rows).toEqual([{ id: 3, status: 'shipped', customer_id: null }]);

      await adapter.query(`update "${schema}".orders set customer_id = 1`);
      const second = await run('not_null', { column_name: 'customer_id' }, { store_failures: true });
      expect(second).toMatchObject({ status: 'pass', storedIn: first.storedIn });
      expect((await adapter.query(second.storedIn!)).rows).toEqual([]);
    });

    it('store_failures honours limit and store_failures_as: view', async () => {
      const node = makeNode({ name: 'many_failures', schema, config: { store_failures_as: 'view', limit: 2 } });
      const outcome = await runDataTest(adapter, { node, sql: 'select g as n from generate_series(1, 5) g', storeFailuresSchema: `${schema}_test_failures` });
      expect(outcome).toMatchObject({ status: 'fail', failures: 2 });
      const kind = await adapter.query(`select table_type from information_schema.tables where table_schema = '${schema}_test_failures' and table_name = 'many_failures'`);
      expect(kind.rows).toEqual([{ table_type: 'VIEW' }]);
      // Switching to a table replaces the view.
      const asTable = makeNode({ name: 'many_failures', schema, config: { store_failures: true } });
      expect((await runDataTest(adapter, { node: asTable, sql: 'select 1 as n' })).failures).toBe(1);
      const again = await adapter.query(`select table_type from information_schema.tables where table_schema = '${schema}_test_failures' and table_name = 'many_failures'`);
      expect(again.rows).toEqual([{ table_type: 'BASE TABLE' }]);
    });

    it('a singular test is its own query of failing rows', async () => {
      const node = makeNode({ name: 'assert_no_returns', schema, original_file_path: 'tests/assert_no_returns.sql' });
      const outcome = await runDataTest(adapter, { node, sql: `select * from "${schema}".orders where status = 'returned'` });
      expect(outcome).toMatchObject({ status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0' });
    });

    it('a test on a column that does not exist is an error naming the column and the tested model', async () => {
      const model = makeNode({ name: 'orders', resource_type: 'model', schema });
      const node = makeNode({ name: 'not_null_orders_amount', schema, attached_node: model.unique_id, depends_on: { nodes: [model.unique_id], macros: [] } });
      const manifest = { nodes: { [model.unique_id]: model, [node.unique_id]: node }, sources: {} } as unknown as Manifest;
      const sql = renderTestMacro('not_null', { model: rel('orders'), column_name: 'amount' });
      const outcome = await runDataTest(adapter, { node, sql, manifest });
      expect(outcome.status).toBe('error');
      expect(outcome.message).toBe(
        `column amount not found in model orders (${schema}.orders), needed by test not_null_orders_amount (models/schema.yml:7) — ` +
          'fix the column name in the properties YAML, or add the column to the model and rebuild it',
      );
      expect(outcome.error?.exitCode).toBe(1);
    });

    it('a test on a model that was never built says to build it', async () => {
      const model = makeNode({ name: 'payments', resource_type: 'model', schema });
      const node = makeNode({ name: 'not_null_payments_id', schema, attached_node: model.unique_id, depends_on: { nodes: [model.unique_id], macros: [] } });
      const manifest = { nodes: { [model.unique_id]: model }, sources: {} } as unknown as Manifest;
      const outcome = await runDataTest(adapter, { node, sql: renderTestMacro('not_null', { model: rel('payments'), column_name: 'id' }), manifest });
      expect(outcome.message).toBe(
        `model payments (${schema}.payments) does not exist in the warehouse, so test not_null_payments_id (models/schema.yml:7) cannot run — build it first with \`chatsem build -s payments\``,
      );
    });
  });
}
