/** The Manifest from the built nodes: dbt's field names, parent and child maps, metadata. */
import { readFileSync } from 'node:fs';
import type { Manifest, ManifestNode, MacroDefinition, SourceDefinition } from '../core/index.js';
import type { CompileOptions } from './compile-options.js';

let version: string | undefined;
function chatsemVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

function customEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^(?:DBT|CHATSEM)_ENV_CUSTOM_ENV_(.+)$/.exec(key);
    if (match && value !== undefined) out[match[1]!] = value;
  }
  return out;
}

export function assembleManifest(input: {
  projectName: string;
  options: CompileOptions;
  nodes: ManifestNode[];
  sources: Iterable<SourceDefinition>;
  macros: Record<string, MacroDefinition>;
  disabled: ManifestNode[];
}): Manifest {
  const nodes: Record<string, ManifestNode> = {};
  const unitTests: Record<string, ManifestNode> = {};
  const sources: Record<string, SourceDefinition> = {};
  for (const source of input.sources) sources[source.unique_id] = source;
  for (const node of input.nodes) {
    nodes[node.unique_id] = node;
    if (node.resource_type === 'unit_test') unitTests[node.unique_id] = node;
  }
  const disabled: Record<string, ManifestNode[]> = {};
  for (const node of input.disabled) (disabled[node.unique_id] ??= []).push(node);
  const manifest = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      chatsem_version: chatsemVersion(),
      generated_at: new Date().toISOString(),
      invocation_id: input.options.invocationId,
      project_name: input.projectName,
      adapter_type: typeof input.options.target.type === 'string' ? input.options.target.type : null,
      env: customEnv(input.options.env),
    },
    nodes,
    sources,
    macros: input.macros,
  } as Manifest;
  // The maps are built on first read (from depends_on as it is then): the CLI never reads them (the graph and the
  // manifest writer have their own), and on a large project two records of ~30,000 keys cost a noticeable part
  // of a compile.
  let maps: { parents: Record<string, string[]>; children: Record<string, string[]> } | null = null;
  const lazyMap = (key: 'parent_map' | 'child_map', pick: 'parents' | 'children') => {
    let assigned: Record<string, string[]> | null = null;
    Object.defineProperty(manifest, key, {
      enumerable: true,
      configurable: true,
      get: () => assigned ?? (maps ??= buildMaps(input.nodes, Object.values(sources)))[pick],
      set: (value: Record<string, string[]>) => {
        assigned = value;
      },
    });
  };
  lazyMap('parent_map', 'parents');
  lazyMap('child_map', 'children');
  manifest.unit_tests = unitTests;
  manifest.disabled = disabled;
  return manifest;
}

function buildMaps(nodes: ManifestNode[], sources: SourceDefinition[]): { parents: Record<string, string[]>; children: Record<string, string[]> } {
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const source of sources) {
    parentMap[source.unique_id] = [];
    childMap[source.unique_id] = [];
  }
  for (const node of nodes) childMap[node.unique_id] = [];
  for (const node of nodes) {
    const listed = node.depends_on.nodes;
    const parents = listed.length < 2 ? listed.slice() : [...new Set(listed)].sort();
    parentMap[node.unique_id] = parents;
    for (const parent of parents) childMap[parent]?.push(node.unique_id);
  }
  for (const key in childMap) if (childMap[key]!.length > 1) childMap[key]!.sort();
  return { parents: parentMap, children: childMap };
}
