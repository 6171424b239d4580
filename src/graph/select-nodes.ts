import type { Manifest, ResourceType } from '../core/index.js';
import type { ProjectGraph } from './project-graph.js';
import { searchMethod, type MethodContext } from './selector-methods.js';
import { parseSelectionCriteria, type SelectionCriteria } from './selector-spec.js';

export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

/** What `--resource-type` may name: node types plus `source` (listed by `ls`). */
export type SelectableResourceType = ResourceType | 'source';

export interface SelectOptions {
  /** `--select` arguments (and positional selectors); each may hold several space-separated specs. Empty = all. */
  select?: string[];
  exclude?: string[];
  /** Applied last; default 'all'. */
  resourceTypes?: SelectableResourceType[] | 'all';
  excludeResourceTypes?: SelectableResourceType[];
  /** How tests follow the nodes they test; dbt's default is 'eager'. */
  indirectSelection?: IndirectSelection;
  /** Told about each `--select` spec that matches nothing, as dbt warns "does not match any enabled nodes". */
  warn?: (message: string) => void;
}

// dbt's DEFAULT_INCLUDES; chatsem has no exposures, metrics, semantic models or saved queries.
const DEFAULT_INCLUDES = ['fqn:*', 'source:*', 'unit_test:*'];

interface Selection {
  direct: Set<string>;
  /** Tests waiting for more parents (cautious/buildable), plus — above a single criterion — the direct ones. */
  indirect: Set<string>;
}

/**
 * dbt's node selection (`core/dbt/graph/selector.py`): `--select` is a union of specs, a spec is a comma-joined
 * intersection of criteria, `--exclude` is subtracted, tests are then pulled in indirectly by their parents, and the
 * resource-type filter comes last. Returns ids of enabled graph members (sources included, as `ls` lists them).
 */
export function selectNodes(manifest: Manifest, graph: ProjectGraph, options: SelectOptions = {}): Set<string> {
  const mode = options.indirectSelection ?? 'eager';
  const selector = new NodeSelector(graph, { graph, projectName: manifest.metadata.project_name }, mode);
  const included = nonEmpty(options.select)
    ? selector.union(options.select!, options.warn)
    : (everything(graph) ?? selector.union(DEFAULT_INCLUDES, undefined));
  const excluded = selector.union(options.exclude ?? [], undefined);

  let selected = included.direct;
  if (excluded.direct.size > 0 || excluded.indirect.size > 0) {
    const direct = difference(included.direct, excluded.direct);
    const indirect = difference(included.indirect, union(excluded.direct, excluded.indirect));
    selected = selector.incorporateIndirect(direct, indirect);
  }

  const types = options.resourceTypes ?? 'all';
  const dropped = new Set(options.excludeResourceTypes ?? []);
  if (types === 'all' && dropped.size === 0) return selected;
  const kept = types === 'all' ? null : new Set<string>(types);
  const result = new Set<string>();
  for (const id of selected) {
    const type = graph.member(id)!.resource_type;
    if ((kept === null || kept.has(type)) && !dropped.has(type)) result.add(id);
  }
  return result;
}

/** Parses every spec up front, so a typo anywhere fails before any work (and with all of dbt's messages). */
export function parseSelectors(args: string[]): SelectionCriteria[][] {
  return splitSpecs(args).map((spec) => spec.split(',').map(parseSelectionCriteria));
}

class NodeSelector {
  constructor(
    private readonly graph: ProjectGraph,
    private readonly context: MethodContext,
    private readonly mode: IndirectSelection,
  ) {}

  union(args: string[], warn: ((message: string) => void) | undefined): Selection {
    const parts: Selection[] = [];
    for (const spec of splitSpecs(args)) {
      const terms = spec.split(',').map((raw) => this.criterion(parseSelectionCriteria(raw)));
      const direct = intersect(terms.map((term) => term.direct));
      const indirect = intersect(terms.map((term) => union(term.direct, term.indirect)));
      const part = { direct: this.incorporateIndirect(direct, indirect), indirect };
      if (warn && part.direct.size === 0) warn(`The selection criterion '${spec}' does not match any enabled nodes`);
      parts.push(part);
    }
    if (parts.length === 1) return parts[0]!;
    const direct = union(...parts.map((part) => part.direct));
    const indirect = union(...parts.map((part) => union(part.direct, part.indirect)));
    return { direct: this.incorporateIndirect(direct, indirect), indirect };
  }

  /** dbt's `get_nodes_from_criteria`: method matches, then graph operators, then tests attached to the result. */
  criterion(criteria: SelectionCriteria): Selection {
    const collected = searchMethod(criteria, this.context);
    const selected = new Set(collected);
    if (criteria.childrensParents) {
      const descendants = union(collected, this.graph.descendants(collected));
      for (const id of descendants) selected.add(id);
      for (const id of this.graph.ancestors(descendants)) selected.add(id);
    }
    if (criteria.parents) for (const id of this.graph.ancestors(collected, criteria.parentsDepth)) selected.add(id);
    if (criteria.children) for (const id of this.graph.descendants(collected, criteria.childrenDepth)) selected.add(id);
    if (this.mode === 'empty') return { direct: selected, indirect: new Set() };
    return this.expand(selected);
  }

  /** dbt's `expand_selection`: tests (and unit tests) directly downstream of the selection follow their parents. */
  expand(selected: Set<string>): Selection {
    const direct = new Set(selected);
    const indirect = new Set<string>();
    let buildable: Set<string> | undefined;
    for (const parent of selected) {
      for (const child of this.graph.children(parent)) {
        if (direct.has(child) || indirect.has(child)) continue;
        const member = this.graph.member(child)!;
        if (member.resource_type !== 'test' && member.resource_type !== 'unit_test') continue;
        const parents = this.graph.parents(child);
        if (this.mode === 'eager' || parents.every((id) => selected.has(id))) {
          direct.add(child);
        } else if (this.mode === 'buildable') {
          buildable ??= this.selectedAndAncestors(selected, true);
          (parents.every((id) => buildable!.has(id)) ? direct : indirect).add(child);
        } else {
          indirect.add(child);
        }
      }
    }
    return { direct, indirect };
  }

  /** dbt's `incorporate_indirect_nodes`: cautious/buildable tests whose parents have all turned up since. */
  incorporateIndirect(direct: Set<string>, indirect: Set<string>): Set<string> {
    if (this.mode !== 'cautious' && this.mode !== 'buildable') return direct;
    const selected = new Set(direct);
    const pool = this.mode === 'buildable' ? this.selectedAndAncestors(direct, false) : direct;
    for (const id of indirect) {
      if (selected.has(id)) continue;
      if (this.graph.parents(id).every((parent) => pool.has(parent))) selected.add(id);
    }
    return selected;
  }

  /**
   * Buildable mode accepts a test whose parents are selected or upstream of the selection; when expanding a single
   * criterion dbt also counts every source as buildable (sources need no building), when combining it does not.
   */
  private selectedAndAncestors(selected: Set<string>, withSources: boolean): Set<string> {
    const pool = union(selected, this.graph.ancestors(selected));
    if (withSources) for (const [id, member] of this.graph.members()) if (member.resource_type === 'source') pool.add(id);
    return pool;
  }
}

/**
 * What DEFAULT_INCLUDES select when every node has an fqn (always, for compiled projects), without running three
 * selectors and test expansion over every member: `fqn:*` takes each node and unit test in manifest order and its
 * tests are already in it, then `source:*` adds each source. Same members, same order, whatever the indirect mode.
 */
function everything(graph: ProjectGraph): Selection | null {
  const all = new Set<string>();
  const sources: string[] = [];
  for (const [id, member] of graph.members()) {
    if (member.resource_type === 'source') sources.push(id);
    else if (member.fqn.length > 0) all.add(id);
    else return null;
  }
  for (const id of sources) all.add(id);
  return { direct: all, indirect: all };
}

function splitSpecs(args: string[]): string[] {
  return args.flatMap((arg) => arg.split(/\s+/)).filter((spec) => spec !== '');
}

function nonEmpty(args: string[] | undefined): boolean {
  return args !== undefined && splitSpecs(args).length > 0;
}

function union(...sets: Set<string>[]): Set<string> {
  const result = new Set<string>();
  for (const set of sets) for (const id of set) result.add(id);
  return result;
}

function intersect(sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  if (sets.length === 1) return sets[0]!;
  const [first, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  const result = new Set<string>();
  for (const id of first!) if (rest.every((set) => set.has(id))) result.add(id);
  return result;
}

function difference(from: Set<string>, minus: Set<string>): Set<string> {
  const result = new Set<string>();
  for (const id of from) if (!minus.has(id)) result.add(id);
  return result;
}
