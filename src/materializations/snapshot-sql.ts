/**
 * SQL fragments of a snapshot run, shaped after dbt's `snapshot_staging_table` so the history it writes is the one
 * dbt writes: the same meta columns, the same `dbt_scd_id` hash, the same change detection per strategy. Unlike
 * dbt, keys are matched null-safely (one-element arrays compare nulls as equal and still hash-join).
 */
import { quoteIdentifier } from '../core/index.js';
import type { SnapshotConfig } from './snapshot-config.js';

/** Column names and expressions resolved against the snapshot's query; everything here is ready to paste into SQL. */
export interface SnapshotShape {
  config: SnapshotConfig;
  /** Quoted columns of the snapshot's query, in order. */
  queryColumns: string[];
  /** Key expressions (quoted column names when the key is a column), one per part of unique_key. */
  keys: string[];
  /** The updated_at expression, or the snapshot time. */
  updatedAt: string;
  /** Check strategy: quoted columns compared between the current version and the query. */
  checkCols: string[];
  /** Check strategy: the query has a column the snapshot table lacks, so every row is a new version (as in dbt). */
  columnAdded: boolean;
  /** SQL for the time of this snapshot run. */
  now: string;
}

/** The meta columns, quoted. */
export function metaColumns(config: SnapshotConfig) {
  const c = config.columns;
  return {
    validFrom: quoteIdentifier(c.dbt_valid_from),
    validTo: quoteIdentifier(c.dbt_valid_to),
    scdId: quoteIdentifier(c.dbt_scd_id),
    updatedAt: quoteIdentifier(c.dbt_updated_at),
    isDeleted: quoteIdentifier(c.dbt_is_deleted),
  };
}

/** dbt names the key of a snapshot row `dbt_unique_key`, or `dbt_unique_key_<n>` for each part of a composite key. */
export function keyAliases(shape: SnapshotShape): string[] {
  return shape.keys.length === 1 ? ['dbt_unique_key'] : shape.keys.map((_, i) => `dbt_unique_key_${i + 1}`);
}

/** dbt's `snapshot_hash_arguments`: md5 of the parts cast to text, nulls as '', joined by '|'. */
export function hashArguments(parts: string[]): string {
  return `md5(${parts.map((part) => `coalesce(cast(${part} as varchar), '')`).join(" || '|' || ")})`;
}

/** Rows of the snapshot table that are the current version of their key. */
export function isCurrent(shape: SnapshotShape, alias: string): string {
  const validTo = `${alias}.${metaColumns(shape.config).validTo}`;
  const current = shape.config.validToCurrent;
  return current === null ? `${validTo} is null` : `(${validTo} is null or ${validTo} = ${current})`;
}

/** `dbt_valid_to` of a new current row: null, or `dbt_valid_to_current` typed like updated_at (as dbt does). */
export function newValidTo(shape: SnapshotShape, updatedAt: string): string {
  const current = shape.config.validToCurrent;
  return current === null ? `nullif(${updatedAt}, ${updatedAt})` : `coalesce(nullif(${updatedAt}, ${updatedAt}), ${current})`;
}

/**
 * The query once, with its keys, updated_at and `dbt_scd_id` computed: every later statement reads this table, so
 * the query runs once and all of them see the same rows.
 */
export function sourceSelect(shape: SnapshotShape, sql: string): string {
  const meta = metaColumns(shape.config);
  const keys = keyAliases(shape).map((alias, i) => `  ${shape.keys[i]} as ${alias},`);
  return [
    'select snapshot_query.*,',
    ...keys,
    `  ${shape.updatedAt} as ${meta.updatedAt},`,
    `  ${hashArguments([...shape.keys, shape.updatedAt])} as ${meta.scdId}`,
    `from (\n${sql.replace(/[\s;]+$/, '')}\n) as snapshot_query`,
  ].join('\n');
}

function keyMatch(shape: SnapshotShape, left: string, right: string): string {
  return keyAliases(shape).map((alias) => `array[${left}.${alias}] = array[${right}.${alias}]`).join(' and ');
}

function rowChanged(shape: SnapshotShape): string {
  const meta = metaColumns(shape.config);
  if (shape.config.strategy === 'timestamp') return `snapshotted_data.${meta.validFrom} < source_data.${meta.updatedAt}`;
  if (shape.columnAdded || shape.checkCols.length === 0) return 'true';
  return shape.checkCols.map((col) => `snapshotted_data.${col} is distinct from source_data.${col}`).join('\n      or ');
}

/**
 * The changes of this run against the current versions, one row each: `insert` (a new key, a new version of a
 * changed key, a re-appearing deleted key, or — new_record — the deletion record), `update` (close a changed
 * version) and `delete` (close the version of a key gone from the query). `dbt_scd_id` of `update`/`delete` rows
 * names the version to close and `dbt_valid_to` says when.
 */
export function changesSelect(shape: SnapshotShape, target: string, source: string): string {
  const meta = metaColumns(shape.config);
  const mode = shape.config.hardDeletes;
  const newRecord = mode === 'new_record';
  const deletedNow = newRecord ? `\n     or snapshotted_data.${meta.isDeleted} = 'True'` : '';
  const q = (alias: string) => shape.queryColumns.map((c) => `${alias}.${c}`).join(', ');
  // Unqualified: a key may be an expression over several columns, evaluated on the snapshot table's own columns.
  const keyParts = keyAliases(shape).map((alias, i) => `${shape.keys[i]} as ${alias}`);
  const u = `source_data.${meta.updatedAt}`;
  const notAlreadyDeleted = newRecord ? `\n    and snapshotted_data.${meta.isDeleted} is distinct from 'True'` : '';
  const parts = [
    'with snapshotted_data as (',
    `  select DBT_INTERNAL_DEST.*, ${keyParts.join(', ')}`,
    `  from ${target} as DBT_INTERNAL_DEST`,
    `  where ${isCurrent(shape, 'DBT_INTERNAL_DEST')}`,
    '),',
    'insertions as (',
    `  select 'insert'::text as dbt_change_type, ${q('source_data')},`,
    `    ${u} as ${meta.updatedAt}, ${u} as ${meta.validFrom}, ${newValidTo(shape, u)} as ${meta.validTo},`,
    `    source_data.${meta.scdId} as ${meta.scdId}${newRecord ? `, 'False'::text as ${meta.isDeleted}` : ''}`,
    `  from ${source} as source_data`,
    `  left join snapshotted_data on ${keyMatch(shape, 'snapshotted_data', 'source_data')}`,
    `  where snapshotted_data.${meta.scdId} is null`,
    `     or ${rowChanged(shape)}${deletedNow}`,
    '),',
    'updates as (',
    `  select 'update'::text as dbt_change_type, ${q('source_data')},`,
    `    ${u} as ${meta.updatedAt}, ${u} as ${meta.validFrom}, ${u} as ${meta.validTo},`,
    `    snapshotted_data.${meta.scdId} as ${meta.scdId}${newRecord ? `, snapshotted_data.${meta.isDeleted}` : ''}`,
    `  from ${source} as source_data`,
    `  join snapshotted_data on ${keyMatch(shape, 'snapshotted_data', 'source_data')}`,
    `  where ${rowChanged(shape)}${deletedNow}`,
    ')',
  ];
  const selects = ['select * from insertions', 'select * from updates'];
  if (mode !== 'ignore') {
    parts[parts.length - 1] = '),';
    parts.push(
      'deletes as (',
      `  select 'delete'::text as dbt_change_type, ${q('source_data')},`,
      `    ${shape.now} as ${meta.updatedAt}, ${shape.now} as ${meta.validFrom}, ${shape.now} as ${meta.validTo},`,
      `    snapshotted_data.${meta.scdId} as ${meta.scdId}${newRecord ? `, snapshotted_data.${meta.isDeleted}` : ''}`,
      '  from snapshotted_data',
      `  left join ${source} as source_data on ${keyMatch(shape, 'snapshotted_data', 'source_data')}`,
      `  where source_data.${meta.scdId} is null${notAlreadyDeleted}`,
      ')',
    );
    selects.push('select * from deletes');
  }
  if (newRecord) {
    const keyRefs = keyAliases(shape).map((alias) => `snapshotted_data.${alias}`);
    parts[parts.length - 1] = '),';
    parts.push(
      'deletion_records as (',
      `  select 'insert'::text as dbt_change_type, ${q('snapshotted_data')},`,
      `    ${shape.now} as ${meta.updatedAt}, ${shape.now} as ${meta.validFrom}, snapshotted_data.${meta.validTo} as ${meta.validTo},`,
      `    ${hashArguments([...keyRefs, shape.now])} as ${meta.scdId}, 'True'::text as ${meta.isDeleted}`,
      '  from snapshotted_data',
      `  left join ${source} as source_data on ${keyMatch(shape, 'snapshotted_data', 'source_data')}`,
      `  where source_data.${meta.scdId} is null${notAlreadyDeleted}`,
      ')',
    );
    selects.push('select * from deletion_records');
  }
  return `${parts.join('\n')}\n${selects.join('\nunion all\n')}`;
}
