/**
 * Reads and validates the materialization keys of a node's config (dbt's names) into one typed object, so
 * planners never look at raw config and every bad value is reported with the model name and the fix.
 */
import { quoteIdentifier } from '../core/index.js';
import type { ManifestNode } from '../core/index.js';
import { nodeError } from './node-error.js';

export const INCREMENTAL_STRATEGIES = ['append', 'delete+insert', 'merge', 'replace'] as const;
export type IncrementalStrategy = (typeof INCREMENTAL_STRATEGIES)[number];

export const ON_SCHEMA_CHANGE_MODES = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] as const;
export type OnSchemaChange = (typeof ON_SCHEMA_CHANGE_MODES)[number];

export const SUPPORTED_MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'materialized_view'] as const;
export type SupportedMaterialization = (typeof SUPPORTED_MATERIALIZATIONS)[number];

export interface IndexConfig {
  /** Column names or expressions, used as written (as dbt-postgres does). */
  columns: string[];
  unique: boolean;
  /** Access method (`btree`, `hash`, `gin` …); null = the server default. */
  type: string | null;
}

export interface MaterializationConfig {
  materialized: SupportedMaterialization;
  /** Key columns as written; empty when `unique_key` is unset. */
  uniqueKey: string[];
  /** Resolved strategy (incremental models only): the configured one, else dbt-postgres's default. */
  strategy: IncrementalStrategy | null;
  onSchemaChange: OnSchemaChange;
  /** `full_refresh` config: true = always rebuild, false = never, null = follow `--full-refresh`. */
  fullRefresh: boolean | null;
  incrementalPredicates: string[];
  partitionKey: string | null;
  /** Rendered relation listing the affected `partition_key` values; null = the keys present in the new data. */
  partitionScope: string | null;
  indexes: IndexConfig[];
}

export function readMaterializationConfig(node: ManifestNode): MaterializationConfig {
  const config = node.config;
  const materialized = String(config.materialized);
  if (!(SUPPORTED_MATERIALIZATIONS as readonly string[]).includes(materialized)) {
    throw nodeError(
      node,
      `materialized: '${materialized}' is not a model materialization chatsem can run`,
      `Use one of ${SUPPORTED_MATERIALIZATIONS.join(', ')}.`,
    );
  }
  const uniqueKey = readUniqueKey(node, config.unique_key);
  const partitionKey = optionalString(node, 'partition_key', config.partition_key);
  return {
    materialized: materialized as SupportedMaterialization,
    uniqueKey,
    strategy: materialized === 'incremental' ? readStrategy(node, config.incremental_strategy, uniqueKey, partitionKey) : null,
    onSchemaChange: readOnSchemaChange(node, config.on_schema_change),
    fullRefresh: readFullRefresh(node, config.full_refresh),
    incrementalPredicates: readStringList(node, 'incremental_predicates', config.incremental_predicates),
    partitionKey,
    partitionScope: readPartitionScope(node, config.partition_scope),
    indexes: withKeyIndex(readIndexes(node, config.indexes), materialized === 'incremental' ? (partitionKey !== null ? [partitionKey] : uniqueKey) : []),
  };
}

/**
 * Every incremental run deletes or merges by the key: without an index on it each run scans the whole table, so the
 * cost of a run would follow the history instead of the new data. Added unless the model already indexes the key.
 */
function withKeyIndex(indexes: IndexConfig[], key: string[]): IndexConfig[] {
  if (key.length === 0) return indexes;
  const covered = indexes.some((index) => key.every((column, i) => index.columns[i] === column));
  return covered ? indexes : [...indexes, { columns: key, unique: false, type: null }];
}

function readUniqueKey(node: ManifestNode, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  // dbt accepts "a, b" as well as [a, b]; both mean a composite key.
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (!parts || parts.some((part) => typeof part !== 'string' || part.trim() === '')) {
    throw nodeError(node, `unique_key must be a column name or a list of column names, got ${JSON.stringify(value)}`);
  }
  return (parts as string[]).map((part) => part.trim());
}

function readStrategy(node: ManifestNode, value: unknown, uniqueKey: string[], partitionKey: string | null): IncrementalStrategy {
  if (value === undefined || value === null) return uniqueKey.length > 0 ? 'delete+insert' : 'append';
  if (typeof value !== 'string' || !(INCREMENTAL_STRATEGIES as readonly string[]).includes(value)) {
    throw nodeError(
      node,
      `incremental_strategy ${JSON.stringify(value)} is not supported`,
      `Use one of ${INCREMENTAL_STRATEGIES.join(', ')}.`,
    );
  }
  const strategy = value as IncrementalStrategy;
  if ((strategy === 'delete+insert' || strategy === 'merge') && uniqueKey.length === 0) {
    throw nodeError(node, `incremental_strategy '${strategy}' needs a unique_key`, 'Set unique_key, or use the append strategy.');
  }
  if (strategy === 'replace' && partitionKey === null) {
    throw nodeError(
      node,
      "incremental_strategy 'replace' needs a partition_key: the column whose values are replaced as a whole",
      "Set partition_key (e.g. partition_key: 'sender_id').",
    );
  }
  return strategy;
}

function readOnSchemaChange(node: ManifestNode, value: unknown): OnSchemaChange {
  if (value === undefined || value === null) return 'ignore';
  if (typeof value !== 'string' || !(ON_SCHEMA_CHANGE_MODES as readonly string[]).includes(value)) {
    // dbt silently falls back to `ignore` here; a typo should not quietly change behaviour.
    throw nodeError(node, `on_schema_change ${JSON.stringify(value)} is not valid`, `Use one of ${ON_SCHEMA_CHANGE_MODES.join(', ')}.`);
  }
  return value as OnSchemaChange;
}

function readFullRefresh(node: ManifestNode, value: unknown): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') throw nodeError(node, `full_refresh must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function optionalString(node: ManifestNode, key: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw nodeError(node, `${key} must be a column name, got ${JSON.stringify(value)}`);
  return value.trim();
}

function readStringList(node: ManifestNode, key: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw nodeError(node, `${key} must be a list of SQL strings, got ${JSON.stringify(value)}`);
  }
  return list as string[];
}

function readPartitionScope(node: ManifestNode, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  // The compiler serialises a Relation (from ref()/source()) as {schema, identifier, …}.
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { schema, identifier } = value as { schema?: unknown; identifier?: unknown };
    if (typeof schema === 'string' && typeof identifier === 'string') return `${quoteIdentifier(schema)}.${quoteIdentifier(identifier)}`;
  }
  throw nodeError(
    node,
    `partition_scope must be a relation (e.g. "{{ ref('affected_senders') }}"), got ${JSON.stringify(value)}`,
    'Give a ref()/source() relation or a quoted relation name whose partition_key column lists the keys to replace.',
  );
}

function readIndexes(node: ManifestNode, value: unknown): IndexConfig[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw nodeError(node, `indexes must be a list like [{columns: ['id'], unique: true}], got ${JSON.stringify(value)}`);
  return value.map((entry, position) => {
    const index = entry as { columns?: unknown; unique?: unknown; type?: unknown };
    const columns = index?.columns;
    if (!Array.isArray(columns) || columns.length === 0 || columns.some((column) => typeof column !== 'string' || column === '')) {
      throw nodeError(node, `indexes[${position}].columns must be a non-empty list of column names`);
    }
    if (index.unique !== undefined && typeof index.unique !== 'boolean') {
      throw nodeError(node, `indexes[${position}].unique must be true or false`);
    }
    if (index.type !== undefined && index.type !== null && (typeof index.type !== 'string' || !/^[a-z_]+$/i.test(index.type))) {
      throw nodeError(node, `indexes[${position}].type must be an index method such as btree, hash, gin or brin`);
    }
    return { columns: columns as string[], unique: index.unique === true, type: (index.type as string | undefined) ?? null };
  });
}
