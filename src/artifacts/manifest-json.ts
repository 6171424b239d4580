/**
 * manifest.json written entry by entry: the same bytes as `JSON.stringify(manifestArtifact(manifest))`, produced
 * as a sequence of chunks. A 10,000-model project has ~32,000 nodes (78 MB of JSON): one giant string, the artifact
 * copy of every node and the Buffer for the write cost more time (and garbage collection) than serialising itself.
 */
import { createHash } from 'node:crypto';
import type { Manifest, ManifestNode } from '../core/index.js';
import { MANIFEST_SCHEMA, packageVersion } from './artifact-metadata.js';
import { macroArtifact, nodeArtifact, nodeDefaults, sourceArtifact, unitTestArtifact } from './manifest-entries.js';
import { writeNodeMaps } from './manifest-maps.js';

/** Keys of the defaults written before a node's own fields: a node that has one of them takes the generic path. */
const RESERVED = ['build_path', 'unrendered_config', 'created_at', 'docs', 'group', 'constraints', 'contract', 'compiled', 'extra_ctes_injected', 'extra_ctes', 'chatsem', 'toJSON'];
const MODEL_RESERVED = [...RESERVED, 'access', 'version', 'latest_version', 'deprecation_date'];

/** The chatsem-only fields of a node, hidden from JSON.stringify while the rest of it is serialised. */
const HIDDEN = ['location', 'renders_at_runtime', 'unit_test'] as const;

export function manifestCreatedAt(manifest: Manifest): number {
  return Date.parse(manifest.metadata.generated_at) / 1000 || Date.now() / 1000;
}

export function manifestMetadata(manifest: Manifest): Record<string, unknown> {
  const { chatsem_version, project_name, ...metadata } = manifest.metadata;
  return {
    ...metadata,
    dbt_schema_version: MANIFEST_SCHEMA,
    dbt_version: chatsem_version || packageVersion(),
    chatsem_version: chatsem_version || packageVersion(),
    project_name,
    project_id: createHash('md5').update(project_name).digest('hex'),
    user_id: null,
    send_anonymous_usage_stats: false,
  };
}

/**
 * Serialises one node as `JSON.stringify(nodeArtifact(node))` would, without building the artifact copy: the
 * defaults are a precomputed prefix and the node itself is stringified with its chatsem-only fields set to
 * undefined (which JSON omits) for the duration of the call.
 */
class NodeWriter {
  private readonly prefixes: string[] = [];

  constructor(private readonly createdAt: number) {
    for (const isModel of [false, true]) {
      for (const compiled of [false, true]) {
        const json = JSON.stringify(nodeDefaults(isModel, compiled, createdAt));
        this.prefixes.push(json.slice(0, -1) + ',');
      }
    }
  }

  write(node: ManifestNode, write: (text: string) => void): void {
    const isModel = node.resource_type === 'model';
    for (const key of isModel ? MODEL_RESERVED : RESERVED) {
      if (key in node) {
        write(JSON.stringify(nodeArtifact(node, this.createdAt)));
        return;
      }
    }
    const holder = node as unknown as Record<string, unknown>;
    const chatsem = JSON.stringify({ renders_at_runtime: node.renders_at_runtime, location: node.location });
    const saved: unknown[] = [];
    let own: string;
    try {
      for (const key of HIDDEN) {
        saved.push(holder[key]);
        if (key in holder) holder[key] = undefined;
      }
      own = JSON.stringify(node);
    } finally {
      HIDDEN.forEach((key, i) => {
        if (key in holder) holder[key] = saved[i];
      });
    }
    // Pieces go out one by one: concatenating them would only build strings to be flattened again.
    write(this.prefixes[(isModel ? 2 : 0) + (node.compiled_code !== null ? 1 : 0)]!);
    if (own.length > 2) {
      write(own.slice(1, -1));
      write(',');
    }
    write('"chatsem":');
    write(chatsem);
    write('}');
  }
}

/** Calls `write` with consecutive pieces of the compact manifest.json text. */
export function serializeManifest(manifest: Manifest, write: (text: string) => void): void {
  const createdAt = manifestCreatedAt(manifest);
  const nodes = new NodeWriter(createdAt);
  write(`{"metadata":${JSON.stringify(manifestMetadata(manifest))},"nodes":{`);
  let first = true;
  const unitTestNodes: [string, ManifestNode][] = [];
  for (const id of Object.keys(manifest.nodes)) {
    const node = manifest.nodes[id]!;
    if (node.resource_type === 'unit_test') {
      unitTestNodes.push([id, node]);
      continue;
    }
    write(first ? `${JSON.stringify(id)}:` : `,${JSON.stringify(id)}:`);
    nodes.write(node, write);
    first = false;
  }
  const record = <T>(entries: Record<string, T>, artifact: (entry: T) => unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [id, entry] of Object.entries(entries)) out[id] = artifact(entry);
    return out;
  };
  write(`},"sources":${JSON.stringify(record(manifest.sources, (source) => sourceArtifact(source, createdAt)))}`);
  write(`,"macros":${JSON.stringify(record(manifest.macros, (macro) => macroArtifact(macro, createdAt)))}`);
  write(',"docs":{},"exposures":{},"metrics":{},"groups":{},"selectors":{}');
  write(`,"disabled":${JSON.stringify(record(manifest.disabled, (list) => list.map((node) => nodeArtifact(node, createdAt))))}`);
  write(',');
  writeNodeMaps(manifest, write);
  write(`,"group_map":{},"saved_queries":{},"semantic_models":{},"unit_tests":${JSON.stringify(unitTests(manifest, createdAt, unitTestNodes))}}`);
}

/** `inNodes`: the unit tests of `manifest.nodes` with their ids, when the caller has them at hand. */
export function unitTests(manifest: Manifest, createdAt: number, inNodes?: [string, ManifestNode][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest.unit_tests)) out[id] = unitTestArtifact(node, createdAt);
  for (const [id, node] of inNodes ?? Object.entries(manifest.nodes)) {
    if (node.resource_type === 'unit_test' && !(id in out)) out[id] = unitTestArtifact(node, createdAt);
  }
  return out;
}
