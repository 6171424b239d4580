/**
 * Golden files of the planners: each scenario's steps are rendered to __golden__/<name>.sql. Run with
 * UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Relation } from '../core/index.js';
import type { ColumnDescription, RelationDescription } from '../adapters/index.js';
import { modelNode } from './__fixtures__/model-node.js';
import type { DependentRelation } from './dependents.js';
import { readMaterializationConfig } from './materialization-config.js';
import type { PlanContext } from './plan-context.js';
import { planMaterialization } from './plan-materialization.js';
import { renderSteps } from './step.js';

const goldenDir = join(__dirname, '__golden__');

function cols(spec: string): ColumnDescription[] {
  return spec.split(/,(?![^()]*\))/).map((part, i) => {
    const [name, ...type] = part.trim().split(' ');
    return { name: name!, dataType: type.join(' '), ordinal: i + 1 };
  });
}

const table = (name: string): RelationDescription => ({ schema: 'analytics', name, type: 'table' });
const view = (name: string): RelationDescription => ({ schema: 'analytics', name, type: 'view' });
const mv = (name: string): RelationDescription => ({ schema: 'analytics', name, type: 'materialized_view' });

const dependents: DependentRelation[] = [
  {
    schema: 'reporting', name: 'daily', type: 'materialized_view', depth: 2,
    definition: ' SELECT orders_summary.day,\n    count(*) AS n\n   FROM reporting.orders_summary\n  GROUP BY orders_summary.day;',
    options: [], comment: null, grants: [], indexes: ['CREATE INDEX daily_day_idx ON reporting.daily USING btree (day)'],
  },
  {
    schema: 'reporting', name: 'orders_summary', type: 'view', depth: 1,
    definition: ' SELECT orders.id,\n    orders.day\n   FROM analytics.orders;',
    options: ['security_barrier=true'], comment: "Orders' summary", grants: [{ grantee: 'bi_reader', privilege: 'SELECT', grantable: false }], indexes: [],
  },
];

function context(name: string, config: Record<string, unknown>, overrides: Partial<PlanContext> = {}): PlanContext {
  const node = modelNode(name, config);
  return {
    node,
    config: readMaterializationConfig(node),
    sql: 'select id, day, amount from "raw"."orders" -- trailing comment\n;',
    relation: new Relation({ schema: 'analytics', identifier: name }),
    existing: null,
    leftovers: [],
    dependents: [],
    existingColumns: [],
    newColumns: [],
    // The key indexes the incremental scenarios rely on exist, as on a table chatsem built.
    existingIndexes: [['id'], ['id', 'day'], ['sender_id']],
    definitionChanged: false,
    fullRefresh: false,
    preHooks: [],
    postHooks: [],
    canMerge: true,
    suffixGenerator: () => 'test',
    ...overrides,
  };
}

const orderColumns = cols('id integer, day date, amount numeric(10,2)');

const scenarios: Record<string, PlanContext> = {
  'table-new': context('orders', { materialized: 'table', indexes: [{ columns: ['id'], unique: true }, { columns: ['day'], type: 'brin' }] }, {
    preHooks: ['set local work_mem = \'64MB\''],
    postHooks: ['analyze "analytics"."orders";'],
  }),
  'table-replace': context('orders', { materialized: 'table' }, { existing: table('orders') }),
  'table-replace-with-dependents': context('orders', { materialized: 'table' }, { existing: table('orders'), dependents }),
  'table-leftovers': context('orders', { materialized: 'table' }, {
    existing: table('orders'),
    leftovers: [view('orders__chatsem_tmp'), table('orders__chatsem_backup')],
  }),
  'table-over-view': context('orders', { materialized: 'table' }, { existing: view('orders') }),
  'view-new': context('orders', { materialized: 'view' }),
  'view-compatible': context('orders', { materialized: 'view' }, {
    existing: view('orders'), dependents, existingColumns: cols('id integer, day date'), newColumns: orderColumns,
  }),
  'view-incompatible-with-dependents': context('orders', { materialized: 'view' }, {
    existing: view('orders'), dependents, existingColumns: cols('id bigint, day date'), newColumns: orderColumns,
  }),
  'view-over-table': context('orders', { materialized: 'view' }, { existing: table('orders') }),
  'incremental-first-run': context('orders', { materialized: 'incremental', unique_key: 'id' }),
  'incremental-full-refresh': context('orders', { materialized: 'incremental', unique_key: 'id' }, { existing: table('orders'), fullRefresh: true, dependents }),
  'incremental-over-view': context('orders', { materialized: 'incremental' }, { existing: view('orders') }),
  'incremental-append': context('orders', { materialized: 'incremental' }, {
    existing: table('orders'), existingColumns: orderColumns, newColumns: orderColumns,
    preHooks: ['select 1'], postHooks: ['select 2'],
  }),
  'incremental-delete-insert-composite': context('orders', {
    materialized: 'incremental', unique_key: ['id', 'Day'], incremental_predicates: ["DBT_INTERNAL_DEST.day > current_date - 7"],
  }, { existing: table('orders'), existingColumns: orderColumns, newColumns: orderColumns }),
  'incremental-delete-insert-single': context('orders', { materialized: 'incremental', unique_key: 'id' }, {
    existing: table('orders'), existingColumns: orderColumns, newColumns: orderColumns,
  }),
  'incremental-merge': context('orders', { materialized: 'incremental', unique_key: 'id', incremental_strategy: 'merge' }, {
    existing: table('orders'), existingColumns: orderColumns, newColumns: orderColumns,
  }),
  'incremental-replace': context('turns', { materialized: 'incremental', incremental_strategy: 'replace', partition_key: 'sender_id' }, {
    existing: table('turns'), existingColumns: cols('sender_id text, turn_nr integer'), newColumns: cols('sender_id text, turn_nr integer'),
  }),
  'incremental-replace-scope': context('turns', {
    materialized: 'incremental', incremental_strategy: 'replace', partition_key: 'sender_id',
    partition_scope: { database: null, schema: 'staging', identifier: 'affected_senders', type: 'table' },
  }, { existing: table('turns'), existingColumns: cols('sender_id text, turn_nr integer'), newColumns: cols('sender_id text, turn_nr integer') }),
  // A model that reads its own target keeps the temp table: its new rows must be computed before the delete.
  'incremental-replace-scope-reads-itself': {
    ...context('turns', {
      materialized: 'incremental', incremental_strategy: 'replace', partition_key: 'sender_id',
      partition_scope: { database: null, schema: 'staging', identifier: 'affected_senders', type: 'table' },
    }, { existing: table('turns'), existingColumns: cols('sender_id text, turn_nr integer'), newColumns: cols('sender_id text, turn_nr integer') }),
    sql: 'select sender_id, turn_nr + 1 as turn_nr from "analytics"."Turns"',
  },
  // A table built before its key was indexed (an earlier version, another tool) gets the index on its next run.
  'incremental-replace-key-not-indexed': context('turns', {
    materialized: 'incremental', incremental_strategy: 'replace', partition_key: 'Session_Id',
    partition_scope: { database: null, schema: 'staging', identifier: 'affected_sessions', type: 'table' },
  }, {
    existing: table('turns'), existingColumns: cols('session_id text, turn_nr integer'), newColumns: cols('session_id text, turn_nr integer'),
    existingIndexes: [['turn_nr', 'session_id']],
  }),
  'incremental-append-new-columns': context('orders', { materialized: 'incremental', on_schema_change: 'append_new_columns' }, {
    existing: table('orders'), existingColumns: cols('id integer, day date, note text'), newColumns: orderColumns,
  }),
  'incremental-sync-all-columns': context('orders', { materialized: 'incremental', unique_key: 'id', on_schema_change: 'sync_all_columns' }, {
    existing: table('orders'), dependents, existingColumns: cols('id integer, day text, note text'), newColumns: orderColumns,
  }),
  'materialized-view-new': context('orders', { materialized: 'materialized_view', indexes: [{ columns: ['day'] }] }),
  'materialized-view-refresh': context('orders', { materialized: 'materialized_view' }, { existing: mv('orders'), dependents }),
  'materialized-view-changed': context('orders', { materialized: 'materialized_view' }, { existing: mv('orders'), dependents, definitionChanged: true }),
};

describe('planner golden files', () => {
  for (const [name, ctx] of Object.entries(scenarios)) {
    it(name, () => {
      const actual = renderSteps(planMaterialization(ctx));
      const file = join(goldenDir, `${name}.sql`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
