import type { GraphMember, Manifest, ManifestNode } from '../core/index.js';

/** A node or source by unique_id (the index signatures claim every id exists; they don't). */
export function memberOf(manifest: Pick<Manifest, 'nodes' | 'sources'>, id: string): GraphMember | undefined {
  return (manifest.nodes[id] as ManifestNode | undefined) ?? manifest.sources[id];
}
