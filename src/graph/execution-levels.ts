import type { ProjectGraph } from './project-graph.js';

/**
 * The selected nodes grouped into waves that may run in parallel: a node's wave is after the wave of every selected
 * node upstream of it, even when the path between them runs through unselected nodes (a → b → c with only a and c
 * selected puts c after a). Sources are dropped because nothing runs for them. Each wave is sorted by id.
 *
 * One pass over the whole graph in topological order: each member carries the highest wave of a selected node
 * upstream of it, so no ancestor set is ever materialised.
 */
export function executionLevels(graph: ProjectGraph, selected: Iterable<string>): string[][] {
  const chosen = new Set<string>();
  for (const id of selected) {
    const member = graph.member(id);
    if (member && member.resource_type !== 'source') chosen.add(id);
  }
  if (chosen.size === 0) return [];

  // reach = 1 + the wave of the latest selected node at or above this member (0 when none is).
  const reach = new Map<string, number>();
  const levels: string[][] = [];
  for (const id of graph.topologicalOrder()) {
    let upstream = 0;
    for (const parent of graph.parents(id)) upstream = Math.max(upstream, reach.get(parent)!);
    if (chosen.has(id)) {
      (levels[upstream] ??= []).push(id);
      reach.set(id, upstream + 1);
    } else {
      reach.set(id, upstream);
    }
  }
  for (const level of levels) level.sort();
  return levels;
}
