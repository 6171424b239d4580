import type { GraphMember, ManifestNode } from '../core/index.js';
import { fnmatch, hasGlob, pathGlobMatch } from './glob.js';
import type { ProjectGraph } from './project-graph.js';
import { invalid, type SelectionCriteria } from './selector-spec.js';

/** Resource types a `resource_type:` selector may name: chatsem's own plus dbt's that chatsem never has. */
const RESOURCE_TYPES = ['model', 'seed', 'test', 'snapshot', 'analysis', 'unit_test', 'operation', 'source'];
const FOREIGN_RESOURCE_TYPES = ['exposure', 'metric', 'semantic_model', 'saved_query', 'group', 'sql_operation', 'macro', 'doc'];

/** What the methods need besides the criterion: the graph members and the root project's name (`package:this`). */
export interface MethodContext {
  graph: ProjectGraph;
  projectName: string;
}

/** Ids of the graph members the criterion's method and value match (before graph operators). */
export function searchMethod(criteria: SelectionCriteria, context: MethodContext): Set<string> {
  const { value } = criteria;
  const matches = new Set<string>();
  const keep = (predicate: (member: GraphMember) => boolean, scope: Scope = 'all') => {
    for (const [id, member] of context.graph.members()) {
      if (inScope(member, scope) && predicate(member)) matches.add(id);
    }
    return matches;
  };

  switch (criteria.method) {
    case 'fqn': {
      const matcher = fqnMatcher(value);
      return keep((member) => matcher(member.fqn, member.name), 'nodes');
    }
    case 'tag':
      return keep((member) => member.tags.some((tag) => fnmatch(tag, value)));
    case 'path': {
      const pattern = normalisePath(value);
      return keep((member) => pathMatches(member, pattern));
    }
    case 'file':
      return keep((member) => {
        const name = basename(member.original_file_path);
        return fnmatch(name, value) || fnmatch(name.replace(/\.[^.]*$/, ''), value);
      });
    case 'package': {
      const pattern = value === 'this' ? context.projectName : value;
      return keep((member) => fnmatch(member.package_name, pattern));
    }
    case 'source': {
      const [pkg, source, table] = sourceParts(criteria);
      return keep(
        (member) =>
          member.resource_type === 'source' &&
          fnmatch(member.package_name, pkg) &&
          fnmatch(member.source_name, source) &&
          fnmatch(member.name, table),
        'sources',
      );
    }
    case 'resource_type': {
      if (FOREIGN_RESOURCE_TYPES.includes(value)) return matches;
      if (!RESOURCE_TYPES.includes(value)) {
        throw invalid(criteria.raw, `"${value}" is not a resource type`, `Valid resource types: ${RESOURCE_TYPES.join(', ')}.`);
      }
      return keep((member) => member.resource_type === value);
    }
    case 'config':
      return keep((member) => configMatches(member.config, criteria.methodArguments, value));
    case 'group':
      return keep((member) => member.config.group === value, 'nodes');
    case 'access':
      return keep((member) => member.resource_type === 'model' && (member.config.access ?? 'protected') === value, 'nodes');
    case 'test_name':
      return keep((member) => {
        const node = member as ManifestNode;
        if (node.resource_type === 'test') return node.test_metadata !== undefined && fnmatch(node.test_metadata.name, value);
        return node.resource_type === 'unit_test' && fnmatch(node.name, value);
      }, 'nodes');
    case 'test_type': {
      const kind = testKind(criteria);
      return keep((member) => memberTestKind(member) === kind, 'nodes');
    }
    case 'unit_test': {
      const parts = value.split('.');
      if (parts.length > 2) {
        throw invalid(criteria.raw, 'unit tests are named as <unit_test_name> or <package_name>.<unit_test_name>');
      }
      const [pkg, name] = parts.length === 2 ? parts : ['*', parts[0]!];
      return keep(
        (member) => member.resource_type === 'unit_test' && fnmatch(member.package_name, pkg!) && fnmatch(member.name, name!),
        'nodes',
      );
    }
    case 'exposure':
    case 'metric':
    case 'semantic_model':
    case 'saved_query':
      // chatsem projects have none of these; dbt answers an empty selection (plus a warning) too.
      return matches;
  }
}

type Scope = 'all' | 'nodes' | 'sources';

function inScope(member: GraphMember, scope: Scope): boolean {
  if (scope === 'all') return true;
  return scope === 'sources' ? member.resource_type === 'source' : member.resource_type !== 'source';
}

/**
 * dbt's `is_selected_node`, tried with and without the package prefix. chatsem also matches a glob without dots
 * against the node name alone, so `stg_*` finds models in sub-folders (in dbt it only finds top-level ones).
 * The selector is analysed once and each node's flattened fqn is cached: default selection runs this on every node.
 */
export function fqnMatcher(selector: string): (fqn: readonly string[], name: string) => boolean {
  const parts = selector.split('.');
  const globAt = parts.findIndex((part) => hasGlob(part));
  const rest = globAt === -1 ? '' : parts.slice(globAt).join('.');
  const nameGlob = parts.length === 1 && globAt === 0;

  const isSelectedNode = (fqn: readonly string[], offset: number): boolean => {
    if (fqn.length <= offset) return false;
    if (fqn[fqn.length - 1] === selector) return true;
    const flat = flatten(fqn);
    // Dropping the package prefix removes exactly one flat segment unless the package name itself has dots.
    const start = offset === 0 ? 0 : fqn[0]!.split('.').length;
    if (flat.length - start < parts.length) return false;
    const fixed = globAt === -1 ? parts.length : globAt;
    for (let i = 0; i < fixed; i++) if (flat[start + i] !== parts[i]) return false;
    if (globAt === -1) return true;
    if (rest === '*') return true;
    return fnmatch(flat.slice(start + globAt).join('.'), rest);
  };

  return (fqn, name) => isSelectedNode(fqn, 0) || isSelectedNode(fqn, 1) || (nameGlob && fnmatch(name, selector));
}

const flattened = new WeakMap<readonly string[], string[]>();

function flatten(fqn: readonly string[]): string[] {
  let flat = flattened.get(fqn);
  if (!flat) {
    flat = fqn.some((segment) => segment.includes('.')) ? fqn.flatMap((segment) => segment.split('.')) : [...fqn];
    flattened.set(fqn, flat);
  }
  return flat;
}

function normalisePath(value: string): string {
  let path = value.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/** dbt globs the file system and keeps nodes whose file, properties file or any parent folder matched. */
function pathMatches(member: GraphMember, pattern: string): boolean {
  const file = member.original_file_path;
  if (pathGlobMatch(file, pattern)) return true;
  const patch = 'patch_path' in member && member.patch_path ? member.patch_path.replace(/^[^:]*:\/\//, '') : null;
  if (patch && pathGlobMatch(patch, pattern)) return true;
  for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
    if (pathGlobMatch(file.slice(0, slash), pattern)) return true;
  }
  return pattern === '.' || pattern === '**';
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function sourceParts(criteria: SelectionCriteria): [string, string, string] {
  const parts = criteria.value.split('.');
  if (parts.length === 1) return ['*', parts[0]!, '*'];
  if (parts.length === 2) return ['*', parts[0]!, parts[1]!];
  if (parts.length === 3) return [parts[0]!, parts[1]!, parts[2]!];
  throw invalid(
    criteria.raw,
    'sources are selected as source:<source_name>, source:<source_name>.<table_name> or source:<package>.<source_name>.<table_name>',
  );
}

/** dbt's `ConfigSelectorMethod`: nested keys descend, lists match any element, `true`/`false` match booleans. */
function configMatches(config: Record<string, unknown>, keys: string[], selector: string): boolean {
  let value: unknown = config;
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || !(key in value)) return false;
    value = (value as Record<string, unknown>)[key];
  }
  // dbt compares severity case-insensitively because users write `warn` and `WARN` interchangeably.
  const caseInsensitive = keys.length === 1 && keys[0] === 'severity';
  const equals = (candidate: unknown): boolean => {
    if (typeof candidate === 'boolean') return selector.toLowerCase() === String(candidate);
    // Numbers compare by their text so `config.limit:100` works (dbt compares str to int and never matches).
    if (typeof candidate === 'number') return selector === String(candidate);
    if (typeof candidate !== 'string') return false;
    return caseInsensitive ? candidate.toUpperCase() === selector.toUpperCase() : candidate === selector;
  };
  return Array.isArray(value) ? value.some(equals) : equals(value);
}

type TestKind = 'generic' | 'singular' | 'unit';

function testKind(criteria: SelectionCriteria): TestKind {
  switch (criteria.value) {
    case 'generic':
    case 'schema':
      return 'generic';
    case 'singular':
    case 'data':
      return 'singular';
    case 'unit':
      return 'unit';
    default:
      throw invalid(criteria.raw, `"${criteria.value}" is not a test type`, 'Valid test types: generic, singular, unit.');
  }
}

function memberTestKind(member: GraphMember): TestKind | null {
  if (member.resource_type === 'unit_test') return 'unit';
  if (member.resource_type !== 'test') return null;
  return member.test_metadata ? 'generic' : 'singular';
}
