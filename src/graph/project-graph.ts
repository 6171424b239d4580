import { Graph } from '@dagrejs/graphlib';
import { ChatsemErrors, CompilationError, type GraphMember, type Manifest } from '../core/index.js';
import { assertAcyclic } from './find-cycles.js';

/**
 * The dependency DAG of a manifest: every enabled node, unit test and source, with an edge parent → child for each
 * `depends_on.nodes` entry. Traversals use adjacency lists built once, because graphlib allocates a fresh array on
 * every `predecessors()` call and selection walks the graph many times.
 */
export class ProjectGraph {
  readonly #members: Map<string, GraphMember>;
  readonly #parents = new Map<string, string[]>();
  readonly #children = new Map<string, string[]>();
  readonly #edges: [string, string][] = [];
  #graph: Graph<unknown, GraphMember> | undefined;
  #levels: string[][] | undefined;
  #position: Map<string, number> | undefined;

  constructor(members: Map<string, GraphMember>, edges: [parent: string, child: string][]) {
    this.#members = members;
    for (const id of members.keys()) {
      this.#parents.set(id, []);
      this.#children.set(id, []);
    }
    for (const [parent, child] of edges) {
      const parents = this.#parents.get(child)!;
      // Nodes have a handful of parents, so a linear check beats hashing a composite key.
      if (parents.includes(parent)) continue;
      parents.push(parent);
      this.#children.get(parent)!.push(child);
      this.#edges.push([parent, child]);
    }
    for (const list of this.#parents.values()) list.sort();
    for (const list of this.#children.values()) list.sort();
  }

  /**
   * The graphlib view (labels are the manifest entries), for callers that want its algorithms. Built on first use:
   * graphlib's bookkeeping costs more than everything selection does, and selection never needs it.
   */
  get graph(): Graph<unknown, GraphMember> {
    if (!this.#graph) {
      const graph = new Graph<unknown, GraphMember>({ directed: true });
      for (const [id, member] of this.#members) graph.setNode(id, member);
      for (const [parent, child] of this.#edges) graph.setEdge(parent, child);
      this.#graph = graph;
    }
    return this.#graph;
  }

  get size(): number {
    return this.#members.size;
  }

  has(id: string): boolean {
    return this.#members.has(id);
  }

  member(id: string): GraphMember | undefined {
    return this.#members.get(id);
  }

  /** Every member id, in manifest order. */
  ids(): IterableIterator<string> {
    return this.#members.keys();
  }

  members(): IterableIterator<[string, GraphMember]> {
    return this.#members.entries();
  }

  parents(id: string): readonly string[] {
    return this.#parents.get(id) ?? [];
  }

  children(id: string): readonly string[] {
    return this.#children.get(id) ?? [];
  }

  /**
   * Everything upstream of `from` (one id or several), up to `depth` edges away. As in dbt, a seed that is upstream
   * of another seed is included; a single id never is (the graph is acyclic).
   */
  ancestors(from: string | Iterable<string>, depth?: number): Set<string> {
    return this.#walk(from, this.#parents, depth);
  }

  /** Everything downstream of `from` (one id or several), up to `depth` edges away; same rules as `ancestors`. */
  descendants(from: string | Iterable<string>, depth?: number): Set<string> {
    return this.#walk(from, this.#children, depth);
  }

  /**
   * Members grouped by longest distance from a root: level 0 has no parents, a member's level is one more than its
   * highest parent's. Each level is sorted. Throws the cycle errors when the graph is not a DAG.
   */
  levels(): string[][] {
    if (this.#levels) return this.#levels;
    const pending = new Map<string, number>();
    let wave: string[] = [];
    for (const [id, parents] of this.#parents) {
      pending.set(id, parents.length);
      if (parents.length === 0) wave.push(id);
    }
    const levels: string[][] = [];
    let placed = 0;
    while (wave.length > 0) {
      wave.sort();
      levels.push(wave);
      placed += wave.length;
      const next: string[] = [];
      for (const id of wave) {
        for (const child of this.#children.get(id)!) {
          const left = pending.get(child)! - 1;
          pending.set(child, left);
          if (left === 0) next.push(child);
        }
      }
      wave = next;
    }
    if (placed !== this.#members.size) assertAcyclic(this);
    this.#levels = levels;
    return levels;
  }

  /** A deterministic topological order of all members, or of `ids` only (still ordered by the whole graph). */
  topologicalOrder(ids?: Iterable<string>): string[] {
    const all = this.levels().flat();
    if (ids === undefined) return all;
    this.#position ??= new Map(all.map((id, index) => [id, index]));
    const position = this.#position;
    const wanted = [...new Set(ids)].filter((id) => position.has(id));
    return wanted.sort((a, b) => position.get(a)! - position.get(b)!);
  }

  #walk(from: string | Iterable<string>, edges: Map<string, string[]>, depth: number | undefined): Set<string> {
    const seeds = typeof from === 'string' ? [from] : [...from];
    const seen = new Set<string>();
    let frontier = seeds;
    let distance = 0;
    // Breadth-first by layer so a depth limit is exact even when a node is reachable along paths of several lengths.
    while (frontier.length > 0 && (depth === undefined || distance < depth)) {
      const next: string[] = [];
      for (const id of frontier) {
        const neighbours = edges.get(id);
        if (!neighbours) continue;
        for (const neighbour of neighbours) {
          if (seen.has(neighbour)) continue;
          seen.add(neighbour);
          next.push(neighbour);
        }
      }
      frontier = next;
      distance++;
    }
    return seen;
  }
}

/** Whether a manifest entry takes part in the graph (disabled entries never do, as in dbt). */
export function isEnabled(member: GraphMember): boolean {
  return member.config.enabled !== false;
}

/**
 * Builds the DAG from `depends_on.nodes` (the compiler has already resolved refs, sources and `-- depends_on` hints).
 * A dependency on something that is not an enabled member is a compile error naming both ends.
 */
export function buildGraph(manifest: Manifest): ProjectGraph {
  const members = new Map<string, GraphMember>();
  for (const node of Object.values(manifest.nodes)) if (isEnabled(node)) members.set(node.unique_id, node);
  for (const test of Object.values(manifest.unit_tests)) if (isEnabled(test)) members.set(test.unique_id, test);
  for (const source of Object.values(manifest.sources)) if (isEnabled(source)) members.set(source.unique_id, source);

  const edges: [string, string][] = [];
  const errors: CompilationError[] = [];
  for (const member of members.values()) {
    if (member.resource_type === 'source') continue;
    for (const parent of member.depends_on.nodes) {
      if (members.has(parent)) {
        edges.push([parent, member.unique_id]);
        continue;
      }
      const disabled = manifest.disabled[parent] !== undefined || isDisabledEntry(manifest, parent);
      errors.push(
        new CompilationError(
          `${member.resource_type} '${member.unique_id}' depends on '${parent}', which ${disabled ? 'is disabled' : 'was not found'}`,
          {
            location: member.location,
            node: member.unique_id,
            hint: disabled
              ? `Enable '${parent}' or remove the reference to it from ${member.original_file_path}.`
              : `Check the ref()/source() calls in ${member.original_file_path}.`,
          },
        ),
      );
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ChatsemErrors(errors);
  return new ProjectGraph(members, edges);
}

function isDisabledEntry(manifest: Manifest, id: string): boolean {
  const entry = manifest.nodes[id] ?? manifest.unit_tests[id] ?? manifest.sources[id];
  return entry !== undefined && !isEnabled(entry);
}
