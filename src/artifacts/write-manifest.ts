import { join } from 'node:path';
import type { Manifest } from '../core/index.js';
import { nodeMaps } from '../graph/index.js';
import { macroArtifact, nodeArtifact, sourceArtifact } from './manifest-entries.js';
import { manifestCreatedAt, manifestMetadata, serializeManifest, unitTests } from './manifest-json.js';
import { writeFileAtomic, writeFileAtomicStreamed } from './write-file.js';

export { freshnessArtifact } from './manifest-entries.js';

/**
 * `target/manifest.json` in dbt's v12 top-level shape, so dbt-docs, dbt_artifacts-style loaders and lineage tools
 * can read it (the shape of each entry: manifest-entries.ts). Compact unless `pretty`; compact output is streamed
 * to the file entry by entry (manifest-json.ts) instead of being built as one string.
 */
export function writeManifest(targetDir: string, manifest: Manifest, options: { pretty?: boolean } = {}): string {
  const path = join(targetDir, 'manifest.json');
  if (options.pretty) writeFileAtomic(path, JSON.stringify(manifestArtifact(manifest), null, 2));
  else writeFileAtomicStreamed(path, (write) => serializeManifest(manifest, write));
  return path;
}

/** The whole manifest.json document as one object. */
export function manifestArtifact(manifest: Manifest): Record<string, unknown> {
  const createdAt = manifestCreatedAt(manifest);
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type !== 'unit_test') nodes[id] = nodeArtifact(node, createdAt);
  }
  const sources: Record<string, unknown> = {};
  for (const [id, source] of Object.entries(manifest.sources)) sources[id] = sourceArtifact(source, createdAt);
  const macros: Record<string, unknown> = {};
  for (const [id, macro] of Object.entries(manifest.macros)) macros[id] = macroArtifact(macro, createdAt);
  const disabled: Record<string, unknown[]> = {};
  for (const [id, list] of Object.entries(manifest.disabled)) disabled[id] = list.map((node) => nodeArtifact(node, createdAt));
  const maps = nodeMaps(manifest);
  return {
    metadata: manifestMetadata(manifest),
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
    unit_tests: unitTests(manifest, createdAt),
  };
}
