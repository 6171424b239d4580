/** The steps of a compile, each over every node, collecting errors instead of stopping at the first. */
import { CompilationError } from '../core/index.js';
import type { ChatsemError } from '../core/index.js';
import type { Session } from './compile-session.js';
import { collectCtes, injectCtes } from './ephemeral-ctes.js';
import { recordPlainTestDependencies } from './generic-tests.js';
import { ParsedRefRelation } from './relation-naming.js';
import { RenderState } from './render-state.js';
import type { NodeBuild } from './session-types.js';
import { renderError } from './template-errors.js';

export function nodeErrorContext(build: NodeBuild) {
  const node = build.node;
  const generic = node.test_metadata !== undefined;
  return {
    file: generic ? node.location.file : node.original_file_path,
    subject: `${node.resource_type} ${node.name}`,
    node: node.unique_id,
    fallback: node.location,
    useFallback: generic,
  };
}

/** Registers nodes, reporting two nodes with one name (refs would be ambiguous). */
export function registerNodes(session: Session, builds: NodeBuild[], errors: ChatsemError[]): NodeBuild[] {
  const kept: NodeBuild[] = [];
  for (const build of builds) {
    const node = build.node;
    const clash = session.builds.get(node.unique_id) ?? (node.resource_type !== 'test' ? session.refable.get(node.name)?.[0] : undefined);
    if (clash && (clash.node.resource_type !== 'test' || clash.node.unique_id === node.unique_id)) {
      errors.push(new CompilationError(`Two resources are named '${node.name}': ${clash.node.original_file_path} (${clash.node.resource_type}) and ${node.original_file_path} (${node.resource_type})`, {
        location: node.location,
        node: node.unique_id,
        hint: node.resource_type === 'test' ? 'Give one of the tests a different `name:`.' : 'Rename one of the files: ref() finds resources by name.',
      }));
      continue;
    }
    session.addNode(build);
    kept.push(build);
  }
  return kept;
}

/** The parse render (`execute` false): records refs, sources and config() calls. */
export function parseNode(session: Session, build: NodeBuild, errors: ChatsemError[]): void {
  if (!build.render || build.failed || recordPlainTestDependencies(session, build)) return;
  const state = new RenderState(session, build, 'parse');
  try {
    build.render(state);
  } catch (error) {
    if (state.readsRuntime) {
      build.node.renders_at_runtime = true;
      return;
    }
    errors.push(renderError(error, nodeErrorContext(build)));
    build.failed = true;
  }
}

/** depends_on from the refs and sources recorded while parsing; unknown names are errors. */
export function linkNode(session: Session, build: NodeBuild, errors: ChatsemError[]): void {
  const node = build.node;
  const parents = new Set(node.depends_on.nodes);
  for (const ref of node.refs) {
    const target = session.findRefable(ref.name, ref.version);
    if (target) {
      if (target !== build) parents.add(target.node.unique_id);
    } else {
      errors.push(session.unknownRef(build, ref.name));
      build.failed = true;
    }
  }
  for (const [sourceName, tableName] of node.sources) {
    const source = session.sources.get(`${sourceName}.${tableName}`);
    if (source) parents.add(source.unique_id);
    else {
      errors.push(session.unknownSource(build, sourceName, tableName));
      build.failed = true;
    }
  }
  node.depends_on.nodes = [...parents];
  const config = node.config;
  // for…in, not Object.entries: this runs for every node, and entries() allocates a pair per config key.
  for (const key in config) {
    const value = config[key];
    if (!(value instanceof ParsedRefRelation)) continue;
    const target = session.findRefable(value.refName, value.refVersion);
    if (target?.relation) config[key] = target.relation;
  }
}

/** The compile render: SQL with refs resolved. A node that needs the warehouse is left for run time. */
export function compileNode(session: Session, build: NodeBuild, errors: ChatsemError[]): void {
  if (!build.render || build.failed) return;
  const node = build.node;
  const state = new RenderState(session, build, 'compile');
  state.macrosCalled = new Set();
  try {
    build.bodySql = build.render(state);
    build.ephemeralRefs = state.ephemeralRefs;
  } catch (error) {
    if (!state.readsRuntime) {
      errors.push(renderError(error, nodeErrorContext(build)));
      build.failed = true;
      return;
    }
  }
  node.depends_on.macros = [...state.macrosCalled].sort();
  if (state.readsRuntime) node.renders_at_runtime = true;
}

/** Final SQL: the body with the CTEs of the ephemeral models it refs. */
export function injectEphemerals(session: Session, build: NodeBuild): void {
  if (build.bodySql === null) return;
  build.node.compiled_code = injectCtes(build.bodySql, collectCtes(build.ephemeralRefs, session.builds));
}
