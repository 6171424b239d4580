import type { GraphMember, Manifest } from '../core/index.js';

/**
 * dbt's `parent_map` / `child_map` for manifest.json: every node, unit test and source is a key (disabled ones
 * included, as dbt builds the maps from the manifest rather than from the graph), keys and values sorted.
 */
export function parentMap(manifest: Manifest): Record<string, string[]> {
  return buildMaps(manifest).parents;
}

export function childMap(manifest: Manifest): Record<string, string[]> {
  return buildMaps(manifest).children;
}

/** Both maps in one pass, for writers that need both. */
export function nodeMaps(manifest: Manifest): { parents: Record<string, string[]>; children: Record<string, string[]> } {
  return buildMaps(manifest);
}

function buildMaps(manifest: Manifest): { parents: Record<string, string[]>; children: Record<string, string[]> } {
  const members = new Map<string, GraphMember>();
  for (const node of Object.values(manifest.nodes)) members.set(node.unique_id, node);
  for (const test of Object.values(manifest.unit_tests)) members.set(test.unique_id, test);
  for (const source of Object.values(manifest.sources)) members.set(source.unique_id, source);

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of members.keys()) children.set(id, []);
  for (const [id, member] of members) {
    const upstream = member.resource_type === 'source' ? [] : [...new Set(member.depends_on.nodes)];
    parents.set(id, upstream);
    for (const parent of upstream) children.get(parent)?.push(id);
  }
  return { parents: sortedRecord(parents), children: sortedRecord(children) };
}

function sortedRecord(map: Map<string, string[]>): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const key of [...map.keys()].sort()) record[key] = map.get(key)!.sort();
  return record;
}
