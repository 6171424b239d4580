/**
 * Gathers what the planners need from the catalogue, in one short transaction: the existing relation and leftovers,
 * dependent views, and — when a planner compares them — the columns of the target and of the model's new SELECT.
 * The new SELECT is described by creating it as a temporary view, which plans but never runs the query.
 */
import { quoteIdentifier } from '../core/index.js';
import type { Relation } from '../core/index.js';
import type { Adapter, ColumnDescription, Connection, RelationDescription } from '../adapters/index.js';
import { DEPENDENTS_QUERY, type DependentGrant, type DependentRelation } from './dependents.js';
import { BACKUP_RELATION_SUFFIX, TEMP_RELATION_SUFFIX } from './relation-names.js';
import { wrapSelect } from './sql-fragments.js';

export interface WarehouseState {
  existing: RelationDescription | null;
  leftovers: RelationDescription[];
  dependents: DependentRelation[];
  existingColumns: ColumnDescription[];
  newColumns: ColumnDescription[];
  /** Column lists of the existing table's plain indexes (read with the columns, for incremental runs). */
  existingIndexes: string[][];
  definitionChanged: boolean;
}

export interface InspectOptions {
  /** Describe the model's SELECT and the target's columns (views, incremental runs, materialized views). */
  compareColumns: (existing: RelationDescription | null) => boolean;
  /**
   * Whether the plan will need the dependent views (default: always). A view replaced in place keeps its dependents,
   * and reading them (with every definition) is the most expensive catalogue query: on a chain of views, rebuilding
   * each view would read all views below it.
   */
  needsDependents?: (existing: RelationDescription, existingColumns: ColumnDescription[], newColumns: ColumnDescription[]) => boolean;
  suffix: string;
}

const COLUMNS_QUERY = `
select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as "dataType", a.attnum::int as ordinal
from pg_catalog.pg_attribute a
where a.attrelid = $1::text::pg_catalog.regclass and a.attnum > 0 and not a.attisdropped
order by a.attnum`;

// Plain indexes only: an expression or partial index cannot stand for an index on the key. text[], not name[]: the
// drivers return name[] unparsed.
const INDEXES_QUERY = `
select array(
  select a.attname::text from unnest(i.indkey) with ordinality as k(attnum, position)
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
  order by k.position) as columns
from pg_catalog.pg_index i
where i.indrelid = $1::text::pg_catalog.regclass and i.indexprs is null and i.indpred is null`;

interface DependentRow {
  schema: string;
  name: string;
  kind: string;
  depth: number;
  definition: string;
  options: string[];
  comment: string | null;
  grants: DependentGrant[] | string;
  indexes: string[] | string;
}

export async function inspectWarehouse(adapter: Adapter, relation: Relation, sql: string, options: InspectOptions): Promise<WarehouseState> {
  const relations = await adapter.listRelations([relation.schema]);
  const existing = relations.find((r) => r.name === relation.identifier) ?? null;
  const scratch = new Set([relation.identifier + TEMP_RELATION_SUFFIX, relation.identifier + BACKUP_RELATION_SUFFIX]);
  const leftovers = relations.filter((r) => scratch.has(r.name));
  const state: WarehouseState = { existing, leftovers, dependents: [], existingColumns: [], newColumns: [], existingIndexes: [], definitionChanged: false };
  if (!existing) return state;
  const compare = options.compareColumns(existing);
  await adapter.transaction(async (connection) => {
    const probe = `pg_temp.${quoteIdentifier(`chatsem_probe_${options.suffix}`)}`;
    // Created with the session's search path, so the model's names resolve as they will when it runs.
    if (compare) await connection.query(`create temp view ${probe} as ${wrapSelect(sql)}`);
    // Everything read below is rendered schema-qualified: view definitions replayed later, and type names.
    await connection.query('set local search_path to pg_catalog');
    if (compare) {
      state.existingColumns = await readColumns(connection, relation.render());
      state.newColumns = await readColumns(connection, probe);
      if (existing.type === 'table') state.existingIndexes = await readIndexes(connection, relation.render());
      if (existing.type === 'materialized_view') {
        const defs = await connection.query<{ old: string; new: string }>(
          'select pg_catalog.pg_get_viewdef($1::text::pg_catalog.regclass) as old, pg_catalog.pg_get_viewdef($2::text::pg_catalog.regclass) as new',
          [relation.render(), probe],
        );
        state.definitionChanged = defs.rows[0]!.old !== defs.rows[0]!.new;
      }
      await connection.query(`drop view ${probe}`);
    }
    if (options.needsDependents?.(existing, state.existingColumns, state.newColumns) ?? true) {
      state.dependents = await readDependents(connection, relation.render());
    }
  });
  return state;
}

async function readColumns(connection: Connection, relation: string): Promise<ColumnDescription[]> {
  const result = await connection.query<ColumnDescription>(COLUMNS_QUERY, [relation]);
  return result.rows.map((row) => ({ name: row.name, dataType: row.dataType, ordinal: Number(row.ordinal) }));
}

async function readIndexes(connection: Connection, relation: string): Promise<string[][]> {
  const result = await connection.query<{ columns: string[] }>(INDEXES_QUERY, [relation]);
  return result.rows.map((row) => row.columns);
}

async function readDependents(connection: Connection, relation: string): Promise<DependentRelation[]> {
  const result = await connection.query<DependentRow>(DEPENDENTS_QUERY, [relation]);
  return result.rows.map((row) => ({
    schema: row.schema,
    name: row.name,
    type: row.kind === 'm' ? 'materialized_view' : 'view',
    depth: Number(row.depth),
    definition: row.definition,
    options: row.options ?? [],
    comment: row.comment,
    grants: parseJson(row.grants),
    indexes: parseJson(row.indexes),
  }));
}

/** json columns arrive parsed from pg and PGlite alike, but accept text in case a driver leaves them raw. */
function parseJson<T>(value: T[] | string): T[] {
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}
