import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FreshnessRule, Manifest, ManifestNode, MacroDefinition, SourceDefinition } from '../core/index.js';
import { nodeMaps } from '../graph/index.js';
import { MANIFEST_SCHEMA, packageVersion } from './artifact-metadata.js';
import { writeFileAtomic } from './write-file.js';

/**
 * `target/manifest.json` in dbt's v12 top-level shape, so dbt-docs, dbt_artifacts-style loaders and lineage tools
 * can read it. Per entry:
 * - chatsem-only fields move under a `chatsem` key (`renders_at_runtime`, `location`), so consumers that validate
 *   against dbt's schema see only dbt's fields at the top level;
 * - unit tests appear only in `unit_tests` (dbt never puts them in `nodes`; chatsem's Manifest keeps them in both);
 * - fields dbt always has and chatsem does not track get dbt's defaults (`docs`, `contract`, `access` …);
 * - source freshness is written in dbt's `warn_after`/`error_after` form.
 * One JSON.stringify, compact unless `pretty`.
 */
export function writeManifest(targetDir: string, manifest: Manifest, options: { pretty?: boolean } = {}): string {
  const path = join(targetDir, 'manifest.json');
  const artifact = manifestArtifact(manifest);
  writeFileAtomic(path, options.pretty ? JSON.stringify(artifact, null, 2) : JSON.stringify(artifact));
  return path;
}

export function manifestArtifact(manifest: Manifest): Record<string, unknown> {
  const createdAt = Date.parse(manifest.metadata.generated_at) / 1000 || Date.now() / 1000;
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type !== 'unit_test') nodes[id] = nodeArtifact(node, createdAt);
  }
  const unitTests: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest.unit_tests)) unitTests[id] = unitTestArtifact(node, createdAt);
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type === 'unit_test' && !(id in unitTests)) unitTests[id] = unitTestArtifact(node, createdAt);
  }
  const sources: Record<string, unknown> = {};
  for (const [id, source] of Object.entries(manifest.sources)) sources[id] = sourceArtifact(source, createdAt);
  const macros: Record<string, unknown> = {};
  for (const [id, macro] of Object.entries(manifest.macros)) macros[id] = macroArtifact(macro, createdAt);
  const disabled: Record<string, unknown[]> = {};
  for (const [id, list] of Object.entries(manifest.disabled)) disabled[id] = list.map((node) => nodeArtifact(node, createdAt));
  const maps = nodeMaps(manifest);

  const { chatsem_version, project_name, ...metadata } = manifest.metadata;
  return {
    metadata: {
      ...metadata,
      dbt_schema_version: MANIFEST_SCHEMA,
      dbt_version: chatsem_version || packageVersion(),
      chatsem_version: chatsem_version || packageVersion(),
      project_name,
      project_id: createHash('md5').update(project_name).digest('hex'),
      user_id: null,
      send_anonymous_usage_stats: false,
    },
    nodes,
    sources,
    macros,
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled,
    parent_map: maps.parents,
    child_map: maps.children,
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: unitTests,
  };
}

function nodeArtifact(node: ManifestNode, createdAt: number): Record<string, unknown> {
  const { location, renders_at_runtime, unit_test: _unitTest, ...fields } = node;
  return {
    build_path: null,
    unrendered_config: {},
    created_at: createdAt,
    docs: { show: true, node_color: null },
    group: null,
    constraints: [],
    contract: { enforced: false, alias_types: true, checksum: null },
    ...(node.resource_type === 'model' ? { access: 'protected', version: null, latest_version: null, deprecation_date: null } : {}),
    compiled: node.compiled_code !== null,
    extra_ctes_injected: node.compiled_code !== null,
    extra_ctes: [],
    ...fields,
    chatsem: { renders_at_runtime, location },
  };
}

/** dbt's UnitTestDefinition keeps `model`, `given`, `expect`, `overrides` at the top level. */
function unitTestArtifact(node: ManifestNode, createdAt: number): Record<string, unknown> {
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

function sourceArtifact(source: SourceDefinition, createdAt: number): Record<string, unknown> {
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

function macroArtifact(macro: MacroDefinition, createdAt: number): Record<string, unknown> {
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
