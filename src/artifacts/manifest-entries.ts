/**
 * One manifest.json entry per node, unit test, source and macro, in dbt's v12 shape. Per entry:
 * - chatsem-only fields move under a `chatsem` key (`renders_at_runtime`, `location`), so consumers that validate
 *   against dbt's schema see only dbt's fields at the top level;
 * - unit tests appear only in `unit_tests` (dbt never puts them in `nodes`; chatsem's Manifest keeps them in both);
 * - fields dbt always has and chatsem does not track get dbt's defaults (`docs`, `contract`, `access` …);
 * - source freshness is written in dbt's `warn_after`/`error_after` form.
 */
import type { FreshnessRule, ManifestNode, MacroDefinition, SourceDefinition } from '../core/index.js';

/** dbt's defaults written before a node's own fields (its own fields win). */
export function nodeDefaults(isModel: boolean, compiled: boolean, createdAt: number): Record<string, unknown> {
  return {
    build_path: null,
    unrendered_config: {},
    created_at: createdAt,
    docs: { show: true, node_color: null },
    group: null,
    constraints: [],
    contract: { enforced: false, alias_types: true, checksum: null },
    ...(isModel ? { access: 'protected', version: null, latest_version: null, deprecation_date: null } : {}),
    compiled,
    extra_ctes_injected: compiled,
    extra_ctes: [],
  };
}

export function nodeArtifact(node: ManifestNode, createdAt: number): Record<string, unknown> {
  const { location, renders_at_runtime, unit_test: _unitTest, ...fields } = node;
  return {
    ...nodeDefaults(node.resource_type === 'model', node.compiled_code !== null, createdAt),
    ...fields,
    chatsem: { renders_at_runtime, location },
  };
}

/** dbt's UnitTestDefinition keeps `model`, `given`, `expect`, `overrides` at the top level. */
export function unitTestArtifact(node: ManifestNode, createdAt: number): Record<string, unknown> {
  const { location, renders_at_runtime, unit_test: spec, ...fields } = node;
  const input = (given: { input: string; format: string; rows: unknown; text: string | null }) => ({
    input: given.input,
    rows: given.rows ?? given.text,
    format: given.format,
    fixture: null,
  });
  return {
    created_at: createdAt,
    ...fields,
    model: spec?.model ?? null,
    given: spec?.given.map(input) ?? [],
    expect: spec ? input(spec.expect) : null,
    overrides: spec?.overrides ?? null,
    chatsem: { renders_at_runtime, location },
  };
}

export function sourceArtifact(source: SourceDefinition, createdAt: number): Record<string, unknown> {
  const { location, freshness, ...fields } = source;
  return {
    loader: '',
    quoting: {},
    external: null,
    source_meta: {},
    unrendered_config: {},
    created_at: createdAt,
    ...fields,
    freshness: freshnessArtifact(freshness),
    chatsem: { location },
  };
}

export function macroArtifact(macro: MacroDefinition, createdAt: number): Record<string, unknown> {
  return {
    resource_type: 'macro',
    meta: {},
    docs: { show: true, node_color: null },
    patch_path: null,
    supported_languages: null,
    created_at: createdAt,
    ...macro,
  };
}

export function freshnessArtifact(rule: FreshnessRule | null | undefined): Record<string, unknown> | null {
  if (!rule) return null;
  const threshold = (value: FreshnessRule['warnAfter']) => (value ? { count: value.count, period: value.period } : { count: null, period: null });
  return { warn_after: threshold(rule.warnAfter), error_after: threshold(rule.errorAfter), filter: rule.filter };
}
