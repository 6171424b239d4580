import { describe, expect, it } from 'vitest';
import { ChatsemError, Relation } from '../core/index.js';
import { modelNode } from './__fixtures__/model-node.js';
import { isIncrementalRun, isRunnable, shouldFullRefresh } from './is-incremental-run.js';
import { readMaterializationConfig } from './materialization-config.js';
import { planMaterialization } from './plan-materialization.js';
import { checkRelationNames } from './relation-names.js';

const read = (config: Record<string, unknown>) => readMaterializationConfig(modelNode('m', config));
const failure = (fn: () => unknown): ChatsemError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChatsemError);
    return error as ChatsemError;
  }
  throw new Error('expected a ChatsemError');
};

describe('readMaterializationConfig', () => {
  it('defaults like dbt-postgres: delete+insert with a unique_key, append without, on_schema_change ignore', () => {
    expect(read({ materialized: 'incremental', unique_key: 'a, b' })).toMatchObject({ uniqueKey: ['a', 'b'], strategy: 'delete+insert', onSchemaChange: 'ignore' });
    expect(read({ materialized: 'incremental' })).toMatchObject({ uniqueKey: [], strategy: 'append', fullRefresh: null });
    expect(read({ materialized: 'table', unique_key: ['id'] })).toMatchObject({ strategy: null });
  });

  it('names the model and the fix for every bad value', () => {
    const unknown = failure(() => read({ materialized: 'snapshot' }));
    expect(unknown.message).toBe("model m (models/m.sql): materialized: 'snapshot' is not a model materialization chatsem can run");
    expect(unknown.hint).toContain('view, table, incremental, ephemeral, materialized_view');
    expect(unknown.node).toBe('model.chatsem.m');
    expect(failure(() => read({ materialized: 'incremental', incremental_strategy: 'merge' })).message).toContain("'merge' needs a unique_key");
    expect(failure(() => read({ materialized: 'incremental', incremental_strategy: 'replace' })).message).toContain('needs a partition_key');
    expect(failure(() => read({ on_schema_change: 'sync' })).hint).toBe('Use one of ignore, fail, append_new_columns, sync_all_columns.');
    expect(failure(() => read({ unique_key: 3 })).message).toContain('unique_key must be a column name');
    expect(failure(() => read({ full_refresh: 'no' })).message).toContain('full_refresh must be true or false');
    expect(failure(() => read({ indexes: [{ columns: [] }] })).message).toContain('indexes[0].columns');
    expect(failure(() => read({ indexes: [{ columns: ['a'], type: 'btree; drop table x' }] })).message).toContain('indexes[0].type');
    expect(failure(() => read({ partition_scope: ['x'] })).message).toContain('partition_scope must be a relation');
  });

  it('reads partition_scope from a serialised Relation or a string', () => {
    const relation = new Relation({ schema: 'staging', identifier: 'affected' }).toJSON();
    expect(read({ partition_scope: relation }).partitionScope).toBe('"staging"."affected"');
    expect(read({ partition_scope: ' "s"."t" ' }).partitionScope).toBe('"s"."t"');
  });
});

describe('run decisions', () => {
  const table = { schema: 's', name: 'm', type: 'table' } as const;
  it('is_incremental(): an incremental model over an existing table, not fully refreshed', () => {
    const node = modelNode('m', { materialized: 'incremental' });
    expect(isIncrementalRun(node, table, false)).toBe(true);
    expect(isIncrementalRun(node, table, true)).toBe(false);
    expect(isIncrementalRun(node, null, false)).toBe(false);
    expect(isIncrementalRun(node, { ...table, type: 'view' }, false)).toBe(false);
    expect(isIncrementalRun(modelNode('m', { materialized: 'table' }), table, false)).toBe(false);
    expect(isIncrementalRun(modelNode('m', { materialized: 'incremental', full_refresh: false }), table, true)).toBe(true);
    expect(shouldFullRefresh(modelNode('m', { full_refresh: true }), false)).toBe(true);
  });

  it('ephemeral models are not runnable', () => {
    expect(isRunnable(modelNode('m', { materialized: 'ephemeral' }))).toBe(false);
    expect(isRunnable(modelNode('m', { materialized: 'view' }))).toBe(true);
  });

  it('merge on a server without MERGE fails with the alternative', () => {
    const node = modelNode('m', { materialized: 'incremental', unique_key: 'id', incremental_strategy: 'merge' });
    const columns = [{ name: 'id', dataType: 'integer', ordinal: 1 }];
    const error = failure(() =>
      planMaterialization({
        node, config: readMaterializationConfig(node), sql: 'select 1 as id', relation: new Relation({ schema: 's', identifier: 'm' }),
        existing: { schema: 's', name: 'm', type: 'table' }, leftovers: [], dependents: [], existingColumns: columns, newColumns: columns,
        existingIndexes: [['id']], definitionChanged: false, fullRefresh: false, preHooks: [], postHooks: [], canMerge: false, suffixGenerator: () => 'x',
      }),
    );
    expect(error.message).toContain('PostgreSQL 15 or later');
    expect(error.hint).toContain("'delete+insert'");
  });

  it('rejects names whose scratch variants PostgreSQL would truncate', () => {
    const node = modelNode('m');
    expect(() => checkRelationNames(node, new Relation({ schema: 's', identifier: 'x'.repeat(47) }))).not.toThrow();
    expect(failure(() => checkRelationNames(node, new Relation({ schema: 's', identifier: 'x'.repeat(48) }))).message).toContain('48 bytes');
    expect(failure(() => checkRelationNames(node, new Relation({ schema: 's'.repeat(64), identifier: 'm' }))).message).toContain('schema name');
  });
});
