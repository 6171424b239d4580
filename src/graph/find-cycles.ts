import { ChatsemError, ChatsemErrors } from '../core/index.js';
import type { ProjectGraph } from './project-graph.js';

/** A dependency cycle: `chain` starts and ends with the same id; `files` are the files that hold its members. */
export class CycleError extends ChatsemError {
  readonly chain: string[];
  readonly files: string[];
  constructor(chain: string[], files: string[], location: { file: string } | undefined) {
    super(`Found a cycle: ${chain.join(' > ')}`, {
      location,
      node: chain[0],
      exitCode: 2,
      hint:
        `Files involved: ${files.join(', ')}. ` +
        'Each node feeds the next one (the next one selects from it); remove one ref()/source() or depends_on hint to break the cycle.',
    });
    this.name = 'CycleError';
    this.chain = chain;
    this.files = files;
  }
}

/**
 * One error per independent cycle (per strongly connected component), each with a full chain. Enumerating every
 * elementary cycle can be exponential, and one chain per tangle is enough to find the edge to remove.
 */
export function findCycles(graph: ProjectGraph): CycleError[] {
  // Kahn's pass (shared with the topological order) settles the usual case; the chains are only worked out for a
  // graph that has a cycle.
  if (graph.isAcyclic()) return [];
  const errors: CycleError[] = [];
  for (const component of stronglyConnectedComponents(graph)) {
    const start = component.reduce((a, b) => (b < a ? b : a));
    const selfLoop = graph.parents(start).includes(start);
    if (component.length === 1 && !selfLoop) continue;
    const chain = shortestCycleThrough(graph, start, new Set(component));
    const files = [...new Set(chain.slice(0, -1).map((id) => fileOf(graph, id)))];
    const first = graph.member(start);
    errors.push(new CycleError(chain, files, first?.location ?? (first ? { file: first.original_file_path } : undefined)));
  }
  return errors.sort((a, b) => (a.chain[0]! < b.chain[0]! ? -1 : 1));
}

/** Throws the cycle error (or all of them together) when the graph has any cycle. */
export function assertAcyclic(graph: ProjectGraph): void {
  const errors = findCycles(graph);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ChatsemErrors(errors);
}

function fileOf(graph: ProjectGraph, id: string): string {
  const member = graph.member(id);
  return member?.original_file_path ?? member?.location.file ?? id;
}

function shortestCycleThrough(graph: ProjectGraph, start: string, component: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const child of graph.children(id)) {
      if (!component.has(child)) continue;
      if (child === start) {
        const chain = [start];
        for (let at = id; at !== start; at = previous.get(at)!) chain.push(at);
        chain.push(start);
        // The walk above went backwards from the last node; put the middle in dependency order.
        return [start, ...chain.slice(1, -1).reverse(), start];
      }
      if (previous.has(child)) continue;
      previous.set(child, id);
      queue.push(child);
    }
  }
  return [start, start];
}

/** Tarjan's algorithm, iterative so a 10,000-node chain cannot overflow the stack. */
function stronglyConnectedComponents(graph: ProjectGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of graph.ids()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = graph.children(frame.id);
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}
