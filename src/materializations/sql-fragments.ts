/** Small SQL builders shared by the planners. Relations are always rendered quoted and schema-qualified. */
import { quoteIdentifier } from '../core/index.js';
import type { Relation } from '../core/index.js';
import type { RelationDescription } from '../adapters/index.js';
import type { IndexConfig } from './materialization-config.js';

export type RelationKind = RelationDescription['type'];

export function kindKeyword(kind: RelationKind): string {
  return kind === 'materialized_view' ? 'materialized view' : kind;
}

/**
 * The model's SELECT in parentheses on lines of its own, so a trailing `-- comment` cannot swallow the closing
 * parenthesis; a trailing semicolon (harmless in a .sql file, fatal inside `as (…)`) is dropped.
 */
export function wrapSelect(sql: string): string {
  return `(\n${sql.replace(/[\s;]+$/, '')}\n)`;
}

/** Never `cascade`: a drop that would take dependent views with it must fail instead (dbt-core#2185). */
export function dropSql(relation: Relation, kind: RelationKind, ifExists = false): string {
  return `drop ${kindKeyword(kind)} ${ifExists ? 'if exists ' : ''}${relation}`;
}

export function renameSql(relation: Relation, kind: RelationKind, newIdentifier: string): string {
  return `alter ${kindKeyword(kind)} ${relation} rename to ${quoteIdentifier(newIdentifier)}`;
}

export function createAsSql(relation: Relation, kind: RelationKind, sql: string): string {
  return `create ${kindKeyword(kind)} ${relation} as ${wrapSelect(sql)}`;
}

/** Unnamed, so PostgreSQL picks a free name: the index moves with the table when it is renamed into place. */
export function createIndexSql(relation: Relation, index: IndexConfig): string {
  const method = index.type ? ` using ${index.type}` : '';
  return `create ${index.unique ? 'unique ' : ''}index on ${relation}${method} (${index.columns.join(', ')})`;
}

export function createSchemaSql(schema: string): string {
  return `create schema if not exists ${quoteIdentifier(schema)}`;
}
