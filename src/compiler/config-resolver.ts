/**
 * Node config: defaults < project tree (folder inheritance, deeper wins) < properties YAML < in-file `config()`.
 * `tags` and hooks accumulate across layers, as in dbt.
 */
import type { ConfigTree, NodeConfig, ResourceType } from '../core/index.js';
import { mergeConfig } from './config-merge.js';

const DEFAULTS: Partial<Record<ResourceType, Record<string, unknown>>> = {
  model: { materialized: 'view' },
  analysis: { materialized: 'view' },
  seed: { materialized: 'seed', quote_columns: null, column_types: {}, delimiter: ',' },
  snapshot: { materialized: 'snapshot' },
  test: {
    materialized: 'test',
    severity: 'error',
    warn_if: '!= 0',
    error_if: '!= 0',
    fail_calc: 'count(*)',
    store_failures: null,
    where: null,
    limit: null,
    schema: 'dbt_test__audit',
  },
  unit_test: { materialized: 'unit' },
};

export function defaultConfig(resourceType: ResourceType): Record<string, unknown> {
  return mergeConfig(
    { enabled: true, schema: null, alias: null, database: null, tags: [], meta: {}, pre_hook: [], post_hook: [] },
    DEFAULTS[resourceType] ?? {},
  );
}

/**
 * Config set along `fqn` in a project tree (`models:` → folders → file name). project/ merges dbt's
 * project-name level into the root; a tree that still has it is walked through it.
 */
export function treeConfig(tree: ConfigTree | undefined, fqn: readonly string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  if (!tree) return merged;
  mergeConfig(merged, tree.config);
  let level: ConfigTree | undefined = tree;
  const parts = fqn.slice(1);
  const packageLevel = fqn[0] === undefined ? undefined : tree.children[fqn[0]];
  if (packageLevel && !(fqn[1] !== undefined && tree.children[fqn[1]])) {
    mergeConfig(merged, packageLevel.config);
    level = packageLevel;
  }
  for (const part of parts) {
    level = level.children[part];
    if (!level) break;
    mergeConfig(merged, level.config);
  }
  return merged;
}

function hookText(hook: unknown): string {
  if (hook && typeof hook === 'object' && 'sql' in hook) return String((hook as { sql: unknown }).sql);
  return String(hook);
}

function normaliseSeverity(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** Merges layers in order and shapes the result as a NodeConfig. */
export function resolveConfig(resourceType: ResourceType, layers: (Record<string, unknown> | null | undefined)[]): NodeConfig {
  const merged = defaultConfig(resourceType);
  for (const layer of layers) mergeConfig(merged, layer);
  const tags = (merged.tags as unknown[]).map(String);
  return {
    ...merged,
    enabled: merged.enabled !== false && merged.enabled !== 'false',
    materialized: String(merged.materialized ?? DEFAULTS[resourceType]?.materialized ?? 'view'),
    schema: merged.schema === null || merged.schema === undefined ? null : String(merged.schema),
    alias: merged.alias === null || merged.alias === undefined ? null : String(merged.alias),
    database: merged.database === null || merged.database === undefined ? null : String(merged.database),
    tags,
    meta: (merged.meta as Record<string, unknown>) ?? {},
    pre_hook: (merged.pre_hook as unknown[]).map(hookText),
    post_hook: (merged.post_hook as unknown[]).map(hookText),
    ...(resourceType === 'test' ? { severity: normaliseSeverity(merged.severity) } : {}),
  };
}
