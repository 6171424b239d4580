import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import type { Manifest } from '../core/index.js';
import { DatabaseError, describeError, Relation } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { makeNode, makeSource } from './__fixtures__/nodes.js';
import { renderTestMacro } from './__fixtures__/render-test-macro.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { checkSourceRelation, explainTestError, runDataTest } from './index.js';

const skipPostgres = !(await postgresReachable());

for (const kind of WAREHOUSES) {
  describe.skipIf(kind === 'postgres' && skipPostgres)(`${kind}: source diagnostics`, () => {
    let adapter: Adapter;
    let schema: string;

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter?.close();
    });
    beforeEach(async () => {
      schema = uniqueName('carbon_bot_event');
    });
    afterEach(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
    });

    it('names a missing schema, what looked for it and the likely fix', async () => {
      const source = makeSource({ source_name: 'rasa', name: 'events', schema });
      const error = await checkSourceRelation(adapter, source);
      expect(error?.message).toBe(
        `schema ${schema} not found (looked for by source rasa.events (models/sources.yml:4)) — did you load data with ` +
          "`chatsem load`, or is the source's schema setting (e.g. var source_schema_prefix) wrong?",
      );
      expect(error?.exitCode).toBe(1);
    });

    it('suggests schemas with a similar name', async () => {
      await adapter.query(`create schema "${schema}"`);
      const source = makeSource({ source_name: 'rasa', name: 'events', schema: `${schema}x` });
      const error = await checkSourceRelation(adapter, source);
      expect(error?.hint).toContain(schema);
    });

    it('names a missing table and lists the relations that exist', async () => {
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".user_events (id int)`);
      await adapter.query(`create view "${schema}".bot_events as select 1 as id`);
      const source = makeSource({ source_name: 'rasa', name: 'events', schema });
      const error = await checkSourceRelation(adapter, source, [], 'test source_not_null_rasa_events_id');
      expect(error?.message).toBe(
        `table events not found in schema ${schema} (looked for by source rasa.events (models/sources.yml:4) for test source_not_null_rasa_events_id) — ` +
          'did you load data with `chatsem load`, or should the source table set `identifier:`?',
      );
      expect(error?.hint).toBe(`Relations in ${schema}: bot_events, user_events`);
    });

    it('names a missing column and lists the columns; quoted names match exactly', async () => {
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".events (id int, "Sender" text)`);
      const source = makeSource({ source_name: 'rasa', name: 'events', schema });
      expect(await checkSourceRelation(adapter, source, ['ID', '"Sender"'])).toBeNull();
      const error = await checkSourceRelation(adapter, source, ['id', 'sender_id']);
      expect(error?.message).toBe(
        `column sender_id not found in ${schema}.events (looked for by source rasa.events (models/sources.yml:4)) — ` +
          'fix the column name in the properties YAML, or reload the data if its format changed',
      );
      expect(error?.hint).toBe('Its columns: id, Sender');
      expect((await checkSourceRelation(adapter, source, ['"sender"']))?.message).toMatch(/^column "sender" not found/);
    });

    it('resolves a source through identifier:', async () => {
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".raw_events (id int)`);
      expect(await checkSourceRelation(adapter, makeSource({ source_name: 'rasa', name: 'events', identifier: 'raw_events', schema }), ['id'])).toBeNull();
    });

    it('checks a source test\'s schema, table and column before running it', async () => {
      const source = makeSource({ source_name: 'rasa', name: 'events', schema });
      const testOn = (name: string, testName: string) => makeNode({
        name,
        attached_node: source.unique_id,
        column_name: 'id',
        test_metadata: { name: testName, namespace: null, kwargs: {} },
        depends_on: { nodes: [source.unique_id], macros: [] },
      });
      const node = testOn('source_not_null_rasa_events_id', 'not_null');
      const manifest = { nodes: { [node.unique_id]: node }, sources: { [source.unique_id]: source } } as unknown as Manifest;
      const sql = renderTestMacro('not_null', { model: new Relation({ schema, identifier: 'events' }), column_name: 'id' });
      const neededBy = 'for test source_not_null_rasa_events_id (models/schema.yml:7)';

      const noSchema = await runDataTest(adapter, { node, sql, manifest });
      expect(noSchema).toMatchObject({ status: 'error', failures: 0 });
      expect(noSchema.message).toBe(
        `schema ${schema} not found (looked for by source rasa.events (models/sources.yml:4) ${neededBy}) — did you load data with ` +
          "`chatsem load`, or is the source's schema setting (e.g. var source_schema_prefix) wrong?",
      );

      await adapter.query(`create schema "${schema}"`);
      expect((await runDataTest(adapter, { node, sql, manifest })).message).toMatch(new RegExp(`^table events not found in schema ${schema} \\(looked for by .* ${neededBy.replace(/[()]/g, '\\$&')}\\)`));

      await adapter.query(`create table "${schema}".events (event_id int)`);
      const noColumn = await runDataTest(adapter, { node, sql, manifest });
      expect(noColumn.status).toBe('error');
      expect(noColumn.message).toBe(
        `column id not found in ${schema}.events (looked for by source rasa.events (models/sources.yml:4) ${neededBy}) — ` +
          'fix the column name in the properties YAML, or reload the data if its format changed',
      );
      expect(noColumn.error?.hint).toBe('Its columns: event_id');

      // For expect_column_to_exist a missing column is the failure it tests for, reported with the same message.
      const exists = testOn('source_dbt_expectations_expect_column_to_exist_rasa_events_id', 'expect_column_to_exist');
      const existsSql = renderTestMacro('expect_column_to_exist', { model: new Relation({ schema, identifier: 'events' }), column_name: 'id' });
      const failed = await runDataTest(adapter, { node: exists, sql: existsSql, manifest: { ...manifest, nodes: { [exists.unique_id]: exists } } });
      expect(failed).toMatchObject({ status: 'fail', failures: 1 });
      expect(failed.message).toMatch(/^column id not found in/);

      await adapter.query(`alter table "${schema}".events add column id int`);
      expect((await runDataTest(adapter, { node, sql, manifest })).status).toBe('pass');
    });

    it('explainTestError maps a raw missing-relation error to the source that was not loaded', async () => {
      const source = makeSource({ source_name: 'rasa', name: 'events', schema });
      const node = makeNode({ name: 'custom_check', depends_on: { nodes: [source.unique_id], macros: [] } });
      const manifest = { nodes: { [node.unique_id]: node }, sources: { [source.unique_id]: source } } as unknown as Manifest;
      await adapter.query(`create schema "${schema}"`);
      const error = await adapter.query(`select * from "${schema}"."events"`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseError);
      const explained = explainTestError(error as DatabaseError, node, manifest);
      expect(explained.message).toBe(
        `table events not found in schema ${schema} (looked for by source rasa.events (models/sources.yml:4) for test custom_check (models/schema.yml:7)) — ` +
          'did you load data with `chatsem load`, or should the source table set `identifier:`?',
      );
      expect(describeError(explained)).toContain('models/sources.yml:4');
      const other = new DatabaseError('division by zero', { sqlState: '22012' });
      expect(explainTestError(other, node, manifest)).toBe(other);
    });
  });
}
