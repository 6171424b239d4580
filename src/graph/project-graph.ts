import { Graph } from '@dagrejs/graphlib';
import { ChatsemErrors, CompilationError, type GraphMember, type Manifest } from '../core/index.js';
import { assertAcyclic } from './find-cycles.js';

/**
 * A numbered member table: `ids[i]` is member `i` (manifest order), and member `i`'s distinct parents are
 * `parentList[parentStart[i] .. parentStart[i + 1])`, in `depends_on` order.
 */
export interface MemberTable {
  ids: string[];
  members: GraphMember[];
  index: Map<string, number>;
  parentStart: Int32Array;
  parentList: Int32Array;
}

/**
 * The dependency DAG of a manifest: every enabled node, unit test and source, with an edge parent → child for each
 * `depends_on.nodes` entry. Kept as numbered members and flat typed-array adjacency: a 10,000-model project has
 * ~32,000 members, and a small array (or graphlib node) per member makes the garbage collector cost more than
 * everything selection and ordering do. The sorted string lists `parents()`/`children()` return are made on demand.
 */
export class ProjectGraph {
  readonly #ids: string[];
  readonly #members: GraphMember[];
  readonly #index: Map<string, number>;
  readonly #parentStart: Int32Array;
  readonly #parentList: Int32Array;
  readonly #childStart: Int32Array;
  readonly #childList: Int32Array;
  #parentNames: (readonly string[] | undefined)[] | undefined;
  #childNames: (readonly string[] | undefined)[] | undefined;
  #graph: Graph<unknown, GraphMember> | undefined;
  /** Longest distance from a root per member, or null when the graph has a cycle; computed once. */
  #depths: Int32Array | null | undefined;
  /** Member numbers in topological order (by level, then id). */
  #order: Int32Array | undefined;
  #levels: string[][] | undefined;

  constructor(table: MemberTable) {
    this.#ids = table.ids;
    this.#members = table.members;
    this.#index = table.index;
    this.#parentStart = table.parentStart;
    this.#parentList = table.parentList;
    const count = this.#ids.length;
    this.#childStart = new Int32Array(count + 1);
    for (const parent of this.#parentList) this.#childStart[parent + 1]!++;
    for (let i = 0; i < count; i++) this.#childStart[i + 1]! += this.#childStart[i]!;
    this.#childList = new Int32Array(this.#parentList.length);
    const filled = this.#childStart.slice(0, count);
    for (let child = 0; child < count; child++) {
      for (let e = this.#parentStart[child]!; e < this.#parentStart[child + 1]!; e++) {
        this.#childList[filled[this.#parentList[e]!]!++] = child;
      }
    }
  }

  /**
   * The graphlib view (labels are the manifest entries), for callers that want its algorithms. Built on first use:
   * graphlib's bookkeeping costs more than everything selection does, and selection never needs it.
   */
  get graph(): Graph<unknown, GraphMember> {
    if (!this.#graph) {
      const graph = new Graph<unknown, GraphMember>({ directed: true });
      for (let i = 0; i < this.#ids.length; i++) graph.setNode(this.#ids[i]!, this.#members[i]!);
      for (let child = 0; child < this.#ids.length; child++) {
        for (let e = this.#parentStart[child]!; e < this.#parentStart[child + 1]!; e++) {
          graph.setEdge(this.#ids[this.#parentList[e]!]!, this.#ids[child]!);
        }
      }
      this.#graph = graph;
    }
    return this.#graph;
  }

  get size(): number {
    return this.#ids.length;
  }

  has(id: string): boolean {
    return this.#index.has(id);
  }

  member(id: string): GraphMember | undefined {
    const index = this.#index.get(id);
    return index === undefined ? undefined : this.#members[index];
  }

  /** Every member id, in manifest order. */
  ids(): IterableIterator<string> {
    return this.#ids.values();
  }

  *members(): IterableIterator<[string, GraphMember]> {
    for (let i = 0; i < this.#ids.length; i++) yield [this.#ids[i]!, this.#members[i]!];
  }

  /** Sorted ids of `id`'s parents. */
  parents(id: string): readonly string[] {
    const index = this.#index.get(id);
    if (index === undefined) return NO_NAMES;
    const cache = (this.#parentNames ??= new Array(this.#ids.length));
    return (cache[index] ??= this.#names(this.#parentList, this.#parentStart, index));
  }

  /** Sorted ids of `id`'s children. */
  children(id: string): readonly string[] {
    const index = this.#index.get(id);
    if (index === undefined) return NO_NAMES;
    const cache = (this.#childNames ??= new Array(this.#ids.length));
    return (cache[index] ??= this.#names(this.#childList, this.#childStart, index));
  }

  /**
   * Everything upstream of `from` (one id or several), up to `depth` edges away. As in dbt, a seed that is upstream
   * of another seed is included; a single id never is (the graph is acyclic).
   */
  ancestors(from: string | Iterable<string>, depth?: number): Set<string> {
    return this.#walk(from, (id) => this.parents(id), depth);
  }

  /** Everything downstream of `from` (one id or several), up to `depth` edges away; same rules as `ancestors`. */
  descendants(from: string | Iterable<string>, depth?: number): Set<string> {
    return this.#walk(from, (id) => this.children(id), depth);
  }

  /** Whether the graph has no cycle (one O(V+E) pass, shared with `levels()` and `topologicalOrder()`). */
  isAcyclic(): boolean {
    return this.#computeDepths() !== null;
  }

  /**
   * Members grouped by longest distance from a root: level 0 has no parents, a member's level is one more than its
   * highest parent's. Each level is sorted. Throws the cycle errors when the graph is not a DAG.
   */
  levels(): string[][] {
    if (this.#levels) return this.#levels;
    const order = this.#topologicalNumbers();
    const depths = this.#depths!;
    const levels: string[][] = [];
    for (const index of order) (levels[depths[index]!] ??= []).push(this.#ids[index]!);
    this.#levels = levels;
    return levels;
  }

  /** A deterministic topological order of all members, or of `ids` only (still ordered by the whole graph). */
  topologicalOrder(ids?: Iterable<string>): string[] {
    const order = this.#topologicalNumbers();
    const result: string[] = [];
    if (ids === undefined) {
      for (const index of order) result.push(this.#ids[index]!);
      return result;
    }
    // Marking members and scanning the order once costs O(V) whatever the selection's size, with no sorting.
    const wanted = new Uint8Array(this.#ids.length);
    for (const id of ids) {
      const index = this.#index.get(id);
      if (index !== undefined) wanted[index] = 1;
    }
    for (const index of order) if (wanted[index] === 1) result.push(this.#ids[index]!);
    return result;
  }

  #topologicalNumbers(): Int32Array {
    if (this.#order) return this.#order;
    const depths = this.#computeDepths();
    if (depths === null) {
      assertAcyclic(this);
      throw new Error('unreachable: a graph that Kahn cannot order has a cycle');
    }
    // A counting sort by level over the members in id order leaves every level sorted by id.
    let levelCount = 0;
    for (const depth of depths) if (depth >= levelCount) levelCount = depth + 1;
    const start = new Int32Array(levelCount + 1);
    for (const depth of depths) start[depth + 1]!++;
    for (let level = 0; level < levelCount; level++) start[level + 1]! += start[level]!;
    const order = new Int32Array(this.#ids.length);
    for (const index of this.#byId()) order[start[depths[index]!]!++] = index;
    this.#order = order;
    return order;
  }

  /** Member numbers in id order. Manifest order is mostly sorted already, which V8's TimSort merges cheaply. */
  #byId(): Int32Array {
    const sorted = [...this.#ids].sort();
    const numbers = new Int32Array(sorted.length);
    for (let k = 0; k < sorted.length; k++) numbers[k] = this.#index.get(sorted[k]!)!;
    return numbers;
  }

  /** Kahn's algorithm in waves: a member's wave is its longest distance from a root; null when a cycle is left. */
  #computeDepths(): Int32Array | null {
    if (this.#depths !== undefined) return this.#depths;
    const count = this.#ids.length;
    const pending = new Int32Array(count);
    for (let i = 0; i < count; i++) pending[i] = this.#parentStart[i + 1]! - this.#parentStart[i]!;
    const depths = new Int32Array(count);
    const queue = new Int32Array(count);
    let tail = 0;
    for (let i = 0; i < count; i++) if (pending[i] === 0) queue[tail++] = i;
    for (let head = 0; head < tail; head++) {
      const index = queue[head]!;
      for (let e = this.#childStart[index]!; e < this.#childStart[index + 1]!; e++) {
        const child = this.#childList[e]!;
        if (depths[child]! <= depths[index]!) depths[child] = depths[index]! + 1;
        if (--pending[child]! === 0) queue[tail++] = child;
      }
    }
    this.#depths = tail === count ? depths : null;
    return this.#depths;
  }

  #names(list: Int32Array, start: Int32Array, index: number): readonly string[] {
    if (start[index] === start[index + 1]) return NO_NAMES;
    const names: string[] = [];
    for (let e = start[index]!; e < start[index + 1]!; e++) names.push(this.#ids[list[e]!]!);
    return names.sort();
  }

  #walk(from: string | Iterable<string>, neighbours: (id: string) => readonly string[], depth: number | undefined): Set<string> {
    const seeds = typeof from === 'string' ? [from] : [...from];
    const seen = new Set<string>();
    let frontier = seeds;
    let distance = 0;
    // Breadth-first by layer so a depth limit is exact even when a node is reachable along paths of several lengths.
    // Neighbours are visited in id order, which fixes the order of the returned set (and so of selections).
    while (frontier.length > 0 && (depth === undefined || distance < depth)) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const neighbour of neighbours(id)) {
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

const NO_NAMES: readonly string[] = Object.freeze([]);

/** Whether a manifest entry takes part in the graph (disabled entries never do, as in dbt). */
export function isEnabled(member: GraphMember): boolean {
  return member.config.enabled !== false;
}

/**
 * Builds the DAG from `depends_on.nodes` (the compiler has already resolved refs, sources and `-- depends_on` hints).
 * A dependency on something that is not an enabled member is a compile error naming both ends.
 */
export function buildGraph(manifest: Manifest): ProjectGraph {
  const ids: string[] = [];
  const members: GraphMember[] = [];
  const index = new Map<string, number>();
  const add = (member: GraphMember): void => {
    if (!isEnabled(member)) return;
    const known = index.get(member.unique_id);
    // A repeated id keeps its first place and takes the later entry, as Map.set would.
    if (known !== undefined) members[known] = member;
    else {
      index.set(member.unique_id, ids.length);
      ids.push(member.unique_id);
      members.push(member);
    }
  };
  for (const node of Object.values(manifest.nodes)) add(node);
  for (const test of Object.values(manifest.unit_tests)) add(test);
  for (const source of Object.values(manifest.sources)) add(source);

  const parentStart = new Int32Array(members.length + 1);
  // A packed number array grows cheaply; counting first would mean one more pass over 30,000 scattered objects.
  const parentList: number[] = [];
  let cursor = 0;
  const errors: CompilationError[] = [];
  for (let child = 0; child < members.length; child++) {
    const member = members[child]!;
    const first = cursor;
    if (member.resource_type !== 'source') {
      for (const parent of member.depends_on.nodes) {
        const from = index.get(parent);
        if (from === undefined) {
          errors.push(missingParent(manifest, member, parent));
          continue;
        }
        // Nodes have a handful of parents, so a linear check beats hashing a composite key.
        let repeated = false;
        for (let e = first; e < cursor && !repeated; e++) repeated = parentList[e] === from;
        if (!repeated) parentList[cursor++] = from;
      }
    }
    parentStart[child + 1] = cursor;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ChatsemErrors(errors);
  return new ProjectGraph({ ids, members, index, parentStart, parentList: Int32Array.from(parentList) });
}

function missingParent(manifest: Manifest, member: GraphMember, parent: string): CompilationError {
  const disabled = manifest.disabled[parent] !== undefined || isDisabledEntry(manifest, parent);
  return new CompilationError(
    `${member.resource_type} '${member.unique_id}' depends on '${parent}', which ${disabled ? 'is disabled' : 'was not found'}`,
    {
      location: member.location,
      node: member.unique_id,
      hint: disabled
        ? `Enable '${parent}' or remove the reference to it from ${member.original_file_path}.`
        : `Check the ref()/source() calls in ${member.original_file_path}.`,
    },
  );
}

function isDisabledEntry(manifest: Manifest, id: string): boolean {
  const entry = manifest.nodes[id] ?? manifest.unit_tests[id] ?? manifest.sources[id];
  return entry !== undefined && !isEnabled(entry);
}
