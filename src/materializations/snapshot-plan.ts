/**
 * Plans a snapshot run (SCD type 2) as SQL steps, purely from the node and what the catalogue says, so golden files
 * show exactly what a run does. First run: the table is the query plus dbt's meta columns. Later runs: the query is
 * staged once, columns new to the query are added, the changes are computed against the current versions, changed
 * and (per hard_deletes) deleted versions are closed and the new versions inserted — all in one transaction.
 */
import { identifierBytes, isSimpleIdentifier, quoteIdentifier } from '../core/index.js';
import type { ManifestNode, Relation } from '../core/index.js';
import type { ColumnDescription, RelationDescription } from '../adapters/index.js';
import { nodeError } from './node-error.js';
import { hookSteps } from './plan-context.js';
import { resolveColumn } from './plan-incremental.js';
import type { SnapshotConfig } from './snapshot-config.js';
import { changesSelect, isCurrent, keyAliases, metaColumns, newValidTo, sourceSelect, type SnapshotShape } from './snapshot-sql.js';
import { createSchemaSql } from './sql-fragments.js';
import { outsideStep, step, type Step } from './step.js';

/** PostgreSQL's `now()` is the transaction's start, so every statement of one snapshot run sees the same time. */
export const SNAPSHOT_TIME_SQL = 'now()::timestamp without time zone';

export interface SnapshotPlanContext {
  node: ManifestNode;
  config: SnapshotConfig;
  /** The compiled SELECT of the snapshot block. */
  sql: string;
  relation: Relation;
  existing: RelationDescription | null;
  /** Columns of the existing snapshot table. */
  existingColumns: ColumnDescription[];
  /** Columns the snapshot's query returns. */
  queryColumns: ColumnDescription[];
  preHooks: string[];
  postHooks: string[];
  /** Random part of the staging tables' names; fixed in golden tests. */
  suffix: string;
  /** SQL for the time of this run (default SNAPSHOT_TIME_SQL; tests pin it). */
  now?: string;
}

/** A step whose result rows, if any, are duplicate keys: the executor turns them into an error naming them. */
export type SnapshotStep = Step & { rejectsDuplicateKeys?: boolean };

export function planSnapshot(ctx: SnapshotPlanContext): SnapshotStep[] {
  const { node, relation, existing } = ctx;
  if (existing && existing.type !== 'table') {
    throw nodeError(
      node,
      `${relation} is a ${existing.type.replace('_', ' ')}, not a snapshot table`,
      `Drop it (or give the snapshot another alias/target_schema); a snapshot keeps its history in a table.`,
    );
  }
  const shape = snapshotShape(ctx);
  const meta = metaColumns(ctx.config);
  const source = scratchName(relation, 'snapsrc', ctx.suffix);
  const head: SnapshotStep[] = [
    outsideStep(createSchemaSql(relation.schema), 'make sure the schema exists'),
    ...hookSteps(ctx.preHooks, 'pre'),
    step(`create temp table ${source} on commit drop as\n${sourceSelect(shape, ctx.sql)}`, 'run the snapshot query once, with its keys and dbt_scd_id'),
    duplicateKeyStep(shape, source),
  ];
  if (!existing) {
    const columns = [...shape.queryColumns, meta.scdId, meta.updatedAt, `${meta.updatedAt} as ${meta.validFrom}`, `${newValidTo(shape, meta.updatedAt)} as ${meta.validTo}`];
    if (ctx.config.hardDeletes === 'new_record') columns.push(`'False'::text as ${meta.isDeleted}`);
    return [
      ...head,
      step(`create table ${relation} as\nselect ${columns.join(',\n  ')}\nfrom ${source}`, 'create the snapshot table', { response: 'SELECT' }),
      ...hookSteps(ctx.postHooks, 'post'),
    ];
  }
  checkMetaColumns(ctx);
  const changes = scratchName(relation, 'snapchg', ctx.suffix);
  const insertColumns = [...shape.queryColumns, meta.updatedAt, meta.validFrom, meta.validTo, meta.scdId];
  if (ctx.config.hardDeletes === 'new_record') insertColumns.push(meta.isDeleted);
  return [
    ...head,
    ...addColumnSteps(ctx),
    step(`create temp table ${changes} on commit drop as\n${changesSelect(shape, relation.render(), source)}`, 'compute the new, changed and deleted rows'),
    step(
      `update ${relation} as DBT_INTERNAL_DEST\nset ${meta.validTo} = DBT_INTERNAL_SOURCE.${meta.validTo}\nfrom ${changes} as DBT_INTERNAL_SOURCE\n` +
        `where DBT_INTERNAL_SOURCE.${meta.scdId}::text = DBT_INTERNAL_DEST.${meta.scdId}::text\n` +
        `  and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')\n  and ${isCurrent(shape, 'DBT_INTERNAL_DEST')}`,
      'close the versions that changed or were deleted',
    ),
    step(
      `insert into ${relation} (${insertColumns.join(', ')})\nselect ${insertColumns.join(', ')}\nfrom ${changes}\nwhere dbt_change_type = 'insert'`,
      'insert the new versions',
      { response: 'INSERT' },
    ),
    ...hookSteps(ctx.postHooks, 'post'),
  ];
}

function snapshotShape(ctx: SnapshotPlanContext): SnapshotShape {
  const { node, config, queryColumns } = ctx;
  const reserved = new Set(Object.values(config.columns));
  const clash = queryColumns.find((column) => reserved.has(column.name));
  if (clash) {
    throw nodeError(
      node,
      `the snapshot's query returns a column named ${clash.name}, which the snapshot adds itself`,
      'Rename that column in the query, or rename the meta column with snapshot_meta_column_names.',
    );
  }
  const keys = config.uniqueKey.map((key) => columnOrExpression(node, 'unique_key', key, queryColumns));
  const now = ctx.now ?? SNAPSHOT_TIME_SQL;
  const updatedAt = config.updatedAt === null ? now : columnOrExpression(node, 'updated_at', config.updatedAt, queryColumns);
  const quoted = queryColumns.map((column) => quoteIdentifier(column.name));
  const wanted = config.strategy !== 'check' ? [] : config.checkCols === 'all' ? quoted : config.checkCols.map((c) => resolveColumn(node, 'check_cols', c, queryColumns));
  const existing = new Set(ctx.existingColumns.map((column) => quoteIdentifier(column.name)));
  const checkCols = ctx.existing ? wanted.filter((c) => existing.has(c)) : wanted;
  return { config, queryColumns: quoted, keys, updatedAt, checkCols, columnAdded: checkCols.length < wanted.length, now };
}

/** A plain name must be a column of the query (a typo is reported before any SQL runs); anything else is SQL. */
function columnOrExpression(node: ManifestNode, key: string, text: string, columns: ColumnDescription[]): string {
  const quotedName = /^"(?:[^"]|"")+"$/.test(text);
  return isSimpleIdentifier(text) || quotedName ? resolveColumn(node, key, text, columns) : text;
}

/** Refuses duplicate keys: two current versions of one key would corrupt the history from then on. */
function duplicateKeyStep(shape: SnapshotShape, source: string): SnapshotStep {
  const keys = keyAliases(shape).join(', ');
  return {
    ...step(
      `select ${keys}, count(*) as dbt_rows from ${source}\ngroup by ${keys}\nhaving count(*) > 1\norder by count(*) desc\nlimit 3`,
      'check that unique_key is unique in the query',
    ),
    rejectsDuplicateKeys: true,
  };
}

function checkMetaColumns(ctx: SnapshotPlanContext): void {
  const names = new Set(ctx.existingColumns.map((column) => column.name));
  const c = ctx.config.columns;
  const missing = [c.dbt_scd_id, c.dbt_updated_at, c.dbt_valid_from, c.dbt_valid_to].filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw nodeError(
      ctx.node,
      `${ctx.relation} is not a snapshot table: it has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'}`,
      'Drop the table (or give the snapshot another alias/target_schema), or set snapshot_meta_column_names to the names it uses.',
    );
  }
}

/** Columns new to the query are added (older versions read null there), as dbt does; none are ever dropped. */
function addColumnSteps(ctx: SnapshotPlanContext): Step[] {
  const names = new Set(ctx.existingColumns.map((column) => column.name));
  const added = ctx.queryColumns.filter((column) => !names.has(column.name));
  const steps = added.map((column) =>
    step(`alter table ${ctx.relation} add column ${quoteIdentifier(column.name)} ${column.dataType}`, `add the query's new column ${column.name}`),
  );
  const isDeleted = ctx.config.columns.dbt_is_deleted;
  if (ctx.config.hardDeletes === 'new_record' && !names.has(isDeleted)) {
    steps.push(step(`alter table ${ctx.relation} add column ${quoteIdentifier(isDeleted)} text`, `add ${isDeleted} for hard_deletes: new_record`));
  }
  return steps;
}

/** Staging tables live in pg_temp and are dropped at commit; the name stays under PostgreSQL's 63-byte limit. */
function scratchName(relation: Relation, kind: string, suffix: string): string {
  let base = relation.identifier;
  while (identifierBytes(base) > 36) base = base.slice(0, -1);
  return `pg_temp.${quoteIdentifier(`${base}__chatsem_${kind}_${suffix}`)}`;
}
