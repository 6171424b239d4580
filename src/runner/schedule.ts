/**
 * Which selected nodes must finish before a node may start. Dependencies are followed through unselected nodes
 * (if a → b → c and only a and c are selected, c still waits for a). With `testsBlockChildren` (build), the tests
 * of a node also block that node's children (when everything the test reads is upstream of the child), so a failing
 * test stops everything downstream — as dbt build does.
 */
import type { Manifest } from '../core/index.js';

export function blockingDependencies(
  manifest: Manifest,
  selected: ReadonlySet<string>,
  options: { testsBlockChildren: boolean },
): Map<string, Set<string>> {
  const nearest = new Map<string, Set<string>>();
  const parentsOf = (id: string): string[] => manifest.nodes[id]?.depends_on.nodes ?? [];

  // Nearest selected ancestors, memoised over the whole graph (unselected nodes pass their own sets through).
  const memo = new Map<string, Set<string>>();
  const selectedAncestorsThrough = (id: string): Set<string> => {
    const cached = memo.get(id);
    if (cached) return cached;
    const result = new Set<string>();
    memo.set(id, result); // cycles were rejected at compile time; this guards against infinite recursion anyway
    for (const parent of parentsOf(id)) {
      if (selected.has(parent)) result.add(parent);
      else for (const ancestor of selectedAncestorsThrough(parent)) result.add(ancestor);
    }
    return result;
  };
  for (const id of selected) nearest.set(id, new Set(selectedAncestorsThrough(id)));

  if (!options.testsBlockChildren) return nearest;

  const testsOf = new Map<string, string[]>();
  for (const id of selected) {
    const node = manifest.nodes[id];
    if (node?.resource_type !== 'test') continue;
    for (const parent of node.depends_on.nodes) {
      const list = testsOf.get(parent) ?? [];
      list.push(id);
      testsOf.set(parent, list);
    }
  }
  for (const id of selected) {
    const node = manifest.nodes[id];
    if (!node || node.resource_type === 'test' || node.resource_type === 'unit_test') continue;
    const deps = nearest.get(id)!;
    for (const parent of [...deps]) {
      for (const testId of testsOf.get(parent) ?? []) {
        // dbt's rule: a test blocks a node only when everything the test reads is upstream of that node. So a
        // relationships test between `orders` and `customers` does not block a child of `customers` that never
        // reads `orders` (nor a child the test itself reads).
        const testParents = manifest.nodes[testId]!.depends_on.nodes;
        if (!testParents.every((p) => dependsOn(manifest, id, p))) continue;
        deps.add(testId);
      }
    }
  }
  return nearest;
}

function dependsOn(manifest: Manifest, node: string, ancestor: string, seen = new Set<string>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  for (const parent of manifest.nodes[node]?.depends_on.nodes ?? []) {
    if (parent === ancestor || dependsOn(manifest, parent, ancestor, seen)) return true;
  }
  return false;
}
