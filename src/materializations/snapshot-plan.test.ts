/**
 * Golden files of the snapshot planner: each scenario's steps are rendered to __golden__/snapshot-<name>.sql. Run
 * with UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff. Config errors are checked here
 * too, since they are raised before any SQL runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatsemError, Relation } from '../core/index.js';
import type { ColumnDescription, RelationDescription } from '../adapters/index.js';
import { snapshotNode } from './__fixtures__/snapshot-node.js';
import { readSnapshotConfig } from './snapshot-config.js';
import { planSnapshot, type SnapshotPlanContext } from './snapshot-plan.js';
import { renderSteps } from './step.js';

const goldenDir = join(__dirname, '__golden__');

function cols(spec: string): ColumnDescription[] {
  return spec.split(/,(?![^()]*\))/).map((part, i) => {
    const [name, ...type] = part.trim().split(' ');
    return { name: name!, dataType: type.join(' '), ordinal: i + 1 };
  });
}

const table: RelationDescription = { schema: 'snapshots', name: 'customers_snapshot', type: 'table' };
const query = cols('id integer, name text, tier text, updated_at timestamp without time zone');
const history = cols(
  'id integer, name text, tier text, updated_at timestamp without time zone, dbt_scd_id text, ' +
    'dbt_updated_at timestamp without time zone, dbt_valid_from timestamp without time zone, dbt_valid_to timestamp without time zone',
);

function context(config: Record<string, unknown>, overrides: Partial<SnapshotPlanContext> = {}): SnapshotPlanContext {
  const node = snapshotNode('customers_snapshot', config);
  return {
    node,
    config: readSnapshotConfig(node),
    sql: 'select * from "raw"."customers" -- trailing comment\n;',
    relation: new Relation({ schema: 'snapshots', identifier: 'customers_snapshot' }),
    existing: null,
    existingColumns: [],
    queryColumns: query,
    preHooks: [],
    postHooks: [],
    suffix: 'test',
    ...overrides,
  };
}

const timestamp = { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' };

const scenarios: Record<string, SnapshotPlanContext> = {
  'first-run-timestamp': context(timestamp, { preHooks: ["set local work_mem = '64MB'"], postHooks: ['analyze "snapshots"."customers_snapshot"'] }),
  'first-run-check-new-record': context({ strategy: 'check', unique_key: ['id', 'name'], check_cols: 'all', hard_deletes: 'new_record' }),
  'timestamp-ignore': context(timestamp, { existing: table, existingColumns: history }),
  'timestamp-invalidate-legacy': context({ ...timestamp, invalidate_hard_deletes: true }, { existing: table, existingColumns: history }),
  'check-cols-composite-key': context(
    { strategy: 'check', unique_key: ['id', 'Name'], check_cols: ['tier'], hard_deletes: 'invalidate' },
    { existing: table, existingColumns: history },
  ),
  'check-all-column-added-new-record': context(
    { strategy: 'check', unique_key: "id || '-' || name", check_cols: 'all', hard_deletes: 'new_record', updated_at: 'updated_at' },
    { existing: table, existingColumns: history.filter((c) => c.name !== 'tier'), now: "timestamp '2024-03-01 00:00:00'" },
  ),
  'valid-to-current-meta-names': context(
    {
      ...timestamp,
      dbt_valid_to_current: "'9999-12-31'::timestamp",
      snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'scd_id', dbt_updated_at: 'changed_at' },
    },
    {
      existing: table,
      existingColumns: cols('id integer, name text, tier text, updated_at timestamp, scd_id text, changed_at timestamp, valid_from timestamp, valid_to timestamp'),
    },
  ),
};

describe('snapshot planner golden files', () => {
  for (const [name, ctx] of Object.entries(scenarios)) {
    it(name, () => {
      const actual = renderSteps(planSnapshot(ctx));
      const file = join(goldenDir, `snapshot-${name}.sql`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('snapshot config and planning errors', () => {
  const error = (fn: () => unknown): ChatsemError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ChatsemError) return e;
      throw e;
    }
    throw new Error('expected a ChatsemError');
  };
  const configError = (config: Record<string, unknown>) => error(() => readSnapshotConfig(snapshotNode('s', config)));

  it('names what is missing and how to fix it', () => {
    expect(configError({ unique_key: 'id' }).message).toBe('snapshot s (snapshots/s.sql): a snapshot needs a strategy');
    expect(configError({ strategy: 'timestamp', updated_at: 'u' }).message).toContain('needs a unique_key');
    expect(configError({ strategy: 'timestamp', unique_key: 'id' }).message).toContain("strategy 'timestamp' needs updated_at");
    expect(configError({ strategy: 'check', unique_key: 'id' }).message).toContain("strategy 'check' needs check_cols");
    expect(configError({ strategy: 'check', unique_key: 'id', check_cols: 'some' }).message).toContain("check_cols must be 'all' or a list");
    expect(configError({ strategy: 'stamp', unique_key: 'id' }).hint).toBe('Use one of timestamp, check.');
    expect(configError({ ...timestamp, hard_deletes: 'delete' }).hint).toBe('Use one of ignore, invalidate, new_record.');
    expect(configError({ ...timestamp, hard_deletes: 'invalidate', invalidate_hard_deletes: true }).message).toContain('both set');
    expect(configError({ ...timestamp, snapshot_meta_column_names: { dbt_valid_since: 'x' } }).message).toContain("unknown key 'dbt_valid_since'");
  });

  it('reads the legacy invalidate_hard_deletes and defaults', () => {
    const config = (extra: Record<string, unknown>) => readSnapshotConfig(snapshotNode('s', { ...timestamp, ...extra }));
    expect(config({ invalidate_hard_deletes: true }).hardDeletes).toBe('invalidate');
    expect(config({ invalidate_hard_deletes: false }).hardDeletes).toBe('ignore');
    expect(config({}).hardDeletes).toBe('ignore');
    expect(config({ unique_key: ['a', 'b'] }).uniqueKey).toEqual(['a', 'b']);
  });

  it('reports a key that is not a column of the query, with the columns it has', () => {
    const e = error(() => planSnapshot(context({ ...timestamp, unique_key: 'customer_id' })));
    expect(e.message).toContain("unique_key 'customer_id' is not a column");
    expect(e.hint).toBe('The model returns: id, name, tier, updated_at.');
  });

  it('refuses an existing view, a table without meta columns, and a query with a meta column', () => {
    expect(error(() => planSnapshot(context(timestamp, { existing: { ...table, type: 'view' } }))).message).toContain('is a view, not a snapshot table');
    expect(error(() => planSnapshot(context(timestamp, { existing: table, existingColumns: query }))).message).toContain(
      'has no dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to columns',
    );
    expect(error(() => planSnapshot(context(timestamp, { queryColumns: cols('id integer, updated_at timestamp, dbt_valid_to timestamp') }))).message).toContain(
      'returns a column named dbt_valid_to',
    );
  });
});
