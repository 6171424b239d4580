import type { GraphMember, Manifest } from '../core/index.js';

/**
 * `parent_map` and `child_map` of manifest.json written key by key: the same JSON as graph's `nodeMaps` (every
 * node, unit test and source is a key, disabled ones included; keys and lists sorted) without building two objects
 * of ~30,000 keys each, which cost more to build and to stringify than the text itself.
 */
export function writeNodeMaps(manifest: Manifest, write: (text: string) => void): void {
  const members = new Map<string, GraphMember>();
  for (const node of Object.values(manifest.nodes)) members.set(node.unique_id, node);
  for (const test of Object.values(manifest.unit_tests)) members.set(test.unique_id, test);
  for (const source of Object.values(manifest.sources)) members.set(source.unique_id, source);

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of members.keys()) children.set(id, []);
  for (const [id, member] of members) {
    const nodes = member.resource_type === 'source' ? [] : member.depends_on.nodes;
    const upstream = nodes.length < 2 ? nodes.slice() : [...new Set(nodes)];
    parents.set(id, upstream);
    for (const parent of upstream) children.get(parent)?.push(id);
  }
  const keys = [...members.keys()].sort();
  writeMap('parent_map', keys, parents, write);
  write(',');
  writeMap('child_map', keys, children, write);
}

function writeMap(name: string, keys: string[], map: Map<string, string[]>, write: (text: string) => void): void {
  write(`"${name}":{`);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    write(`${i === 0 ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(map.get(key)!.sort())}`);
  }
  write('}');
}
