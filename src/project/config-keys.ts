/**
 * The one list of node config keys chatsem knows. In the project file a bare key from this list is config (dbt
 * accepts both `materialized:` and `+materialized:`); any other bare key names a folder. In properties YAML a
 * `config:` key outside this list is an error (custom values belong under `meta:`).
 */
export const CONFIG_KEYS: readonly string[] = [
  // every resource
  'enabled', 'tags', 'meta', 'docs', 'group', 'access', 'persist_docs', 'grants', 'quoting', 'event_time',
  'database', 'schema', 'alias', 'pre_hook', 'post_hook', 'full_refresh', 'packages',
  // models
  'materialized', 'sql_header', 'unique_key', 'incremental_strategy', 'on_schema_change', 'on_configuration_change',
  'incremental_predicates', 'indexes', 'contract', 'constraints', 'unlogged', 'batch_size', 'lookback', 'begin',
  'concurrent_batches', 'partition_key', 'partition_scope', 'deprecation_date', 'column_types',
  // seeds
  'quote_columns', 'delimiter',
  // snapshots
  'strategy', 'updated_at', 'check_cols', 'hard_deletes', 'invalidate_hard_deletes', 'target_schema',
  'target_database', 'snapshot_meta_column_names', 'dbt_valid_to_current',
  // data tests
  'severity', 'store_failures', 'store_failures_as', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc',
  // sources
  'freshness', 'loaded_at_field',
];

const CONFIG_KEY_SET = new Set(CONFIG_KEYS);

/** Config accepted at the top level of a test entry or under its `config:`. */
export const TEST_CONFIG_KEYS: readonly string[] = [
  'severity', 'where', 'limit', 'warn_if', 'error_if', 'store_failures', 'store_failures_as', 'tags', 'enabled',
  'meta', 'fail_calc', 'alias', 'schema', 'database',
];

/** dbt spells hooks `pre-hook` in YAML and `pre_hook` in Python; chatsem keeps the underscore form. */
export function normalizeConfigKey(key: string): string {
  if (key === 'pre-hook') return 'pre_hook';
  if (key === 'post-hook') return 'post_hook';
  return key;
}

export function isConfigKey(key: string): boolean {
  return CONFIG_KEY_SET.has(normalizeConfigKey(key));
}
