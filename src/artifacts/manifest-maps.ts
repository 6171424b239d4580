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

  const keys = [...members.keys()].sort();
  const parents: string[][] = new Array(keys.length);
  const children = new Map<string, string[]>();
  for (const id of keys) children.set(id, []);
  // Visiting children in sorted order appends them to each parent's list already sorted.
  for (let i = 0; i < keys.length; i++) {
    const id = keys[i]!;
    const member = members.get(id)!;
    const nodes = member.resource_type === 'source' ? [] : member.depends_on.nodes;
    const upstream = nodes.length < 2 ? nodes.slice() : [...new Set(nodes)].sort();
    parents[i] = upstream;
    for (const parent of upstream) children.get(parent)?.push(id);
  }
  const quoted = keys.map((key) => JSON.stringify(key));
  writeMap('parent_map', quoted, (i) => parents[i]!, write);
  write(',');
  writeMap('child_map', quoted, (i) => children.get(keys[i]!)!, write);
}

function writeMap(name: string, quoted: string[], list: (index: number) => string[], write: (text: string) => void): void {
  write(`"${name}":{`);
  for (let i = 0; i < quoted.length; i++) {
    const values = list(i);
    write(i === 0 ? quoted[i]! : `,${quoted[i]!}`);
    write(values.length === 0 ? ':[]' : `:${JSON.stringify(values)}`);
  }
  write('}');
}
