/**
 * Reads and validates a snapshot's config (dbt's keys: strategy, unique_key, updated_at, check_cols, hard_deletes,
 * the legacy invalidate_hard_deletes, dbt_valid_to_current, snapshot_meta_column_names) into one typed object, so
 * a missing or misspelt setting is reported with the snapshot's name and the fix before any SQL runs.
 */
import type { ManifestNode } from '../core/index.js';
import { nodeError } from './node-error.js';

export const SNAPSHOT_STRATEGIES = ['timestamp', 'check'] as const;
export type SnapshotStrategy = (typeof SNAPSHOT_STRATEGIES)[number];

export const HARD_DELETE_MODES = ['ignore', 'invalidate', 'new_record'] as const;
export type HardDeletes = (typeof HARD_DELETE_MODES)[number];

/** Names of the columns chatsem adds to a snapshot table; dbt's defaults unless `snapshot_meta_column_names` renames them. */
export interface SnapshotMetaColumns {
  dbt_valid_from: string;
  dbt_valid_to: string;
  dbt_scd_id: string;
  dbt_updated_at: string;
  dbt_is_deleted: string;
}

export const DEFAULT_META_COLUMNS: SnapshotMetaColumns = {
  dbt_valid_from: 'dbt_valid_from',
  dbt_valid_to: 'dbt_valid_to',
  dbt_scd_id: 'dbt_scd_id',
  dbt_updated_at: 'dbt_updated_at',
  dbt_is_deleted: 'dbt_is_deleted',
};

export interface SnapshotConfig {
  strategy: SnapshotStrategy;
  /** Column names or SQL expressions, as written; several = a composite key. */
  uniqueKey: string[];
  /** Column name or SQL expression; null = the snapshot time (check strategy only). */
  updatedAt: string | null;
  /** `all`, or the columns whose change makes a new version (check strategy only). */
  checkCols: 'all' | string[];
  hardDeletes: HardDeletes;
  /** SQL expression stored in `dbt_valid_to` of current rows instead of null. */
  validToCurrent: string | null;
  columns: SnapshotMetaColumns;
}

export function readSnapshotConfig(node: ManifestNode): SnapshotConfig {
  const config = node.config;
  const strategy = readStrategy(node, config.strategy);
  const uniqueKey = readUniqueKey(node, config.unique_key);
  const updatedAt = optionalText(node, 'updated_at', config.updated_at);
  if (strategy === 'timestamp' && updatedAt === null) {
    throw nodeError(
      node,
      "strategy 'timestamp' needs updated_at: the column that tells when a row last changed",
      "Add updated_at='<column>' to the snapshot's config, or use strategy='check' with check_cols.",
    );
  }
  return {
    strategy,
    uniqueKey,
    updatedAt,
    checkCols: strategy === 'check' ? readCheckCols(node, config.check_cols) : 'all',
    hardDeletes: readHardDeletes(node, config.hard_deletes, config.invalidate_hard_deletes),
    validToCurrent: optionalText(node, 'dbt_valid_to_current', config.dbt_valid_to_current),
    columns: readMetaColumns(node, config.snapshot_meta_column_names),
  };
}

function readStrategy(node: ManifestNode, value: unknown): SnapshotStrategy {
  if (value === undefined || value === null) {
    throw nodeError(node, 'a snapshot needs a strategy', "Add strategy='timestamp' (with updated_at) or strategy='check' (with check_cols) to its config.");
  }
  if (typeof value !== 'string' || !(SNAPSHOT_STRATEGIES as readonly string[]).includes(value)) {
    throw nodeError(node, `strategy ${JSON.stringify(value)} is not a snapshot strategy`, `Use one of ${SNAPSHOT_STRATEGIES.join(', ')}.`);
  }
  return value as SnapshotStrategy;
}

function readUniqueKey(node: ManifestNode, value: unknown): string[] {
  if (value === undefined || value === null || value === '') {
    throw nodeError(node, 'a snapshot needs a unique_key', "Add unique_key='<column>' (or a list of columns) to its config: it identifies a row across runs.");
  }
  // A string is one column or expression (it may contain commas, e.g. `coalesce(a, b)`); a list is a composite key.
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!parts || parts.length === 0 || parts.some((part) => typeof part !== 'string' || part.trim() === '')) {
    throw nodeError(node, `unique_key must be a column name or a list of column names, got ${JSON.stringify(value)}`);
  }
  return (parts as string[]).map((part) => part.trim());
}

function readCheckCols(node: ManifestNode, value: unknown): 'all' | string[] {
  if (value === 'all') return 'all';
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    return (value as string[]).map((item) => item.trim());
  }
  if (value === undefined || value === null) {
    throw nodeError(node, "strategy 'check' needs check_cols", "Add check_cols='all' or check_cols=['col_a', 'col_b'] to the snapshot's config.");
  }
  throw nodeError(node, `check_cols must be 'all' or a list of column names, got ${JSON.stringify(value)}`);
}

/** dbt's `get_hard_deletes_behavior`: the legacy boolean and the new key together are ambiguous, so refused. */
function readHardDeletes(node: ManifestNode, value: unknown, legacy: unknown): HardDeletes {
  if (legacy !== undefined && legacy !== null && value !== undefined && value !== null) {
    throw nodeError(
      node,
      'invalidate_hard_deletes and hard_deletes are both set',
      "Keep only hard_deletes (invalidate_hard_deletes: true is the same as hard_deletes: 'invalidate').",
    );
  }
  if (legacy !== undefined && legacy !== null) {
    if (typeof legacy !== 'boolean') throw nodeError(node, `invalidate_hard_deletes must be true or false, got ${JSON.stringify(legacy)}`);
    return legacy ? 'invalidate' : 'ignore';
  }
  if (value === undefined || value === null) return 'ignore';
  if (typeof value !== 'string' || !(HARD_DELETE_MODES as readonly string[]).includes(value)) {
    throw nodeError(node, `hard_deletes ${JSON.stringify(value)} is not valid`, `Use one of ${HARD_DELETE_MODES.join(', ')}.`);
  }
  return value as HardDeletes;
}

function readMetaColumns(node: ManifestNode, value: unknown): SnapshotMetaColumns {
  if (value === undefined || value === null) return { ...DEFAULT_META_COLUMNS };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw nodeError(node, `snapshot_meta_column_names must be a mapping like {dbt_valid_from: valid_from}, got ${JSON.stringify(value)}`);
  }
  const columns = { ...DEFAULT_META_COLUMNS };
  for (const [key, name] of Object.entries(value as Record<string, unknown>)) {
    if (!(key in DEFAULT_META_COLUMNS)) {
      throw nodeError(node, `snapshot_meta_column_names: unknown key '${key}'`, `The keys are ${Object.keys(DEFAULT_META_COLUMNS).join(', ')}.`);
    }
    if (typeof name !== 'string' || name.trim() === '') throw nodeError(node, `snapshot_meta_column_names.${key} must be a column name`);
    columns[key as keyof SnapshotMetaColumns] = name.trim();
  }
  const names = Object.values(columns);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw nodeError(node, `snapshot_meta_column_names uses '${duplicate}' for two columns`);
  return columns;
}

function optionalText(node: ManifestNode, key: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw nodeError(node, `${key} must be a column name or SQL expression, got ${JSON.stringify(value)}`);
  return value.trim();
}
