import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import type { Manifest } from '../core/index.js';
import { describeError, Relation } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { makeNode, makeSource } from './__fixtures__/nodes.js';
import { renderTestMacro } from './__fixtures__/render-test-macro.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { checkSourceRelation, runDataTest } from './index.js';

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

    it('explains a failing source test instead of the raw database error', async () => {
      const source = makeSource({ source_name: 'rasa', name: 'events', schema });
      const node = makeNode({
        name: 'source_not_null_rasa_events_id',
        attached_node: source.unique_id,
        depends_on: { nodes: [source.unique_id], macros: [] },
      });
      const manifest = { nodes: { [node.unique_id]: node }, sources: { [source.unique_id]: source } } as unknown as Manifest;
      const sql = renderTestMacro('not_null', { model: new Relation({ schema, identifier: 'events' }), column_name: 'id' });

      const noSchema = await runDataTest(adapter, { node, sql, manifest });
      expect(noSchema.status).toBe('error');
      expect(noSchema.message).toBe(
        `table events not found in schema ${schema} (looked for by source rasa.events (models/sources.yml:4) for test source_not_null_rasa_events_id (models/schema.yml:7)) — ` +
          'did you load data with `chatsem load`, or should the source table set `identifier:`?',
      );
      expect(noSchema.error?.node).toBe(node.unique_id);

      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".events (event_id int)`);
      const noColumn = await runDataTest(adapter, { node, sql, manifest });
      expect(noColumn.message).toBe(
        `column id not found in source rasa.events (${schema}.events), needed by test source_not_null_rasa_events_id (models/schema.yml:7) — ` +
          'fix the column name in the properties YAML, or reload the data if its format changed',
      );
      expect(describeError(noColumn.error!)).toContain('column "id" does not exist');
    });
  });
}
