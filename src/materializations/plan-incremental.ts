/**
 * `incremental`: a full table build when the target is missing, is not a table or is being fully refreshed;
 * otherwise the new rows go to a temp table, `on_schema_change` adjusts the target, and the strategy writes them.
 * Everything runs in the model's one transaction (the temp table is dropped at commit).
 */
import { identifierBytes, quoteIdentifier } from '../core/index.js';
import type { ManifestNode } from '../core/index.js';
import type { ColumnDescription } from '../adapters/index.js';
import { dropDependentsSteps, recreateDependentsSteps } from './dependents.js';
import { strategySteps } from './incremental-strategies.js';
import { nodeError } from './node-error.js';
import type { PlanContext } from './plan-context.js';
import { hookSteps, preambleSteps } from './plan-context.js';
import { planTable } from './plan-table.js';
import { planSchemaChange } from './schema-changes.js';
import { createIndexSql, wrapSelect } from './sql-fragments.js';
import { step, type Step } from './step.js';

export function planIncremental(ctx: PlanContext): Step[] {
  if (!ctx.existing || ctx.existing.type !== 'table' || ctx.fullRefresh) return planTable(ctx);
  const { node, config, relation } = ctx;
  const strategy = config.strategy!;
  if (strategy === 'merge' && !ctx.canMerge) {
    throw nodeError(
      node,
      "incremental_strategy 'merge' needs MERGE, which this server does not have (PostgreSQL 15 or later)",
      "Upgrade the server, or use incremental_strategy 'delete+insert', which gives the same result.",
    );
  }
  const direct = strategy === 'replace' && config.partitionScope !== null && !mentionsRelation(ctx.sql, relation.identifier);
  const source = direct
    ? `${wrapSelect(ctx.sql)} as DBT_INTERNAL_NEW`
    : `pg_temp.${quoteIdentifier(`${truncateBytes(relation.identifier, 40)}__chatsem_new_${ctx.suffixGenerator()}`)}`;
  const schemaChange = planSchemaChange(node, config.onSchemaChange, relation, ctx.existingColumns, ctx.newColumns);
  const dependents = schemaChange.touchesDependents ? ctx.dependents : [];
  const uniqueKey = config.uniqueKey.map((key) => resolveColumn(node, 'unique_key', key, ctx.newColumns));
  const partitionKey = config.partitionKey === null ? null : resolveColumn(node, 'partition_key', config.partitionKey, ctx.newColumns);
  const write = strategySteps({
    strategy,
    target: relation,
    source,
    columns: schemaChange.insertColumns,
    uniqueKey,
    partitionKey,
    partitionScope: config.partitionScope,
    predicates: config.incrementalPredicates,
  });
  const key = partitionKey !== null ? [partitionKey] : strategy === 'append' ? [] : uniqueKey;
  return [
    ...preambleSteps(ctx),
    ...hookSteps(ctx.preHooks, 'pre'),
    ...(direct ? [] : [step(`create temp table ${source} on commit drop as ${wrapSelect(ctx.sql)}`, 'compute the new rows')]),
    ...dropDependentsSteps(dependents),
    ...schemaChange.steps,
    // after the schema change, which may be what adds the key column
    ...keyIndexSteps(ctx, key),
    ...write,
    ...recreateDependentsSteps(dependents),
    ...hookSteps(ctx.postHooks, 'post'),
  ];
}

/**
 * The key every run deletes or merges by is indexed when the table is built (materialization-config.ts). A table built
 * without that index — by an earlier chatsem whose key was another column, or by another tool — gets it on its next
 * incremental run, once, instead of a whole-table scan on every run. Only the key: configured `indexes` are created
 * with the table, as in dbt.
 */
function keyIndexSteps(ctx: PlanContext, key: string[]): Step[] {
  if (key.length === 0) return [];
  const indexed = ctx.existingIndexes.some((columns) => key.every((column, i) => columns[i] !== undefined && quoteIdentifier(columns[i]!) === column));
  if (indexed) return [];
  return [step(createIndexSql(ctx.relation, { columns: key, unique: false, type: null }), 'index the key that incremental runs delete by')];
}

/**
 * A key names a column of the model's result. Unquoted names fold to lower case in PostgreSQL, so `Sender_ID`
 * finds `sender_id`; an exact match wins. Checked here so a typo is reported before any SQL runs.
 */
export function resolveColumn(node: ManifestNode, key: string, name: string, columns: ColumnDescription[]): string {
  const unquoted = name.startsWith('"') && name.endsWith('"') && name.length > 1 ? name.slice(1, -1).replace(/""/g, '"') : null;
  const found =
    columns.find((column) => column.name === (unquoted ?? name)) ??
    (unquoted === null ? columns.find((column) => column.name === name.toLowerCase()) : undefined);
  if (!found) {
    throw nodeError(
      node,
      `${key} '${name}' is not a column of the model's result`,
      `The model returns: ${columns.map((column) => column.name).join(', ')}.`,
    );
  }
  return quoteIdentifier(found.name);
}

/**
 * Whether the SQL may read the relation: its name as a whole identifier, quoted or not, anywhere (`{{ this }}`, a
 * hand-written name, an unqualified name found through the search path). A false alarm only costs the temp table.
 */
function mentionsRelation(sql: string, identifier: string): boolean {
  const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'i').test(sql);
}

/** Keeps the temp table's name under PostgreSQL's 63-byte limit whatever the model's name. */
function truncateBytes(name: string, maxBytes: number): string {
  let out = name;
  while (identifierBytes(out) > maxBytes) out = out.slice(0, -1);
  return out;
}
