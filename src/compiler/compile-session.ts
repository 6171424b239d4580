/**
 * One compilation of a project: its macros, nodes and sources, and how templates resolve names against them
 * (`ref`, `source`, `this`, `config.get`, `model`, `graph`). Implements the CompileSession seen by templates.
 */
import { CompilationError, Relation } from '../core/index.js';
import type { ManifestNode, Project, SourceDefinition, Vars } from '../core/index.js';
import type { CompileOptions } from './compile-options.js';
import { mergeConfig } from './config-merge.js';
import { defaultConfig } from './config-resolver.js';
import type { MacroRegistry } from './macro-registry.js';
import { graphView, nodeView } from './node-views.js';
import { EmptyRelation, EphemeralRelation, ParsedRefRelation } from './relation-naming.js';
import type { RenderState } from './render-state.js';
import type { CompileSession, MacroFunction, NodeBuild } from './session-types.js';
import { didYouMean, lineOf } from './template-errors.js';
import { dynamicGlobal, macroNamespace, sharedGlobals } from './template-globals.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const REFABLE = new Set(['model', 'seed', 'snapshot']);

export class Session implements CompileSession {
  readonly projectName: string;
  readonly projectFile: string;
  readonly adapterType: string;
  readonly vars: Vars;
  /** Enabled nodes by unique id. */
  readonly builds = new Map<string, NodeBuild>();
  /** Models, seeds and snapshots by name (a list, to report duplicates). */
  readonly refable = new Map<string, NodeBuild[]>();
  readonly disabledRefable = new Set<string>();
  /** Sources by `source_name.table_name`. */
  readonly sources = new Map<string, SourceDefinition>();
  readonly disabledSources = new Set<string>();
  registry: MacroRegistry | undefined;
  /** Set once every node is parsed: `graph` is empty before. */
  parsed = false;
  private graphCache: Record<string, unknown> | null = null;
  private readonly globals = sharedGlobals();
  private readonly dbtNamespace = macroNamespace((name) => this.registry?.builtin.get(name) ?? this.registry?.project.get(name));
  private readonly projectNamespace = macroNamespace((name) => this.registry?.project.get(name));

  constructor(
    readonly project: Project,
    readonly options: CompileOptions,
  ) {
    this.projectName = project.config.name;
    this.projectFile = project.config.projectFile;
    this.adapterType = typeof options.target.type === 'string' ? options.target.type : 'postgres';
    const projectVars = project.config.vars ?? {};
    const scoped = projectVars[this.projectName];
    this.vars = {
      ...projectVars,
      ...(scoped && typeof scoped === 'object' && !Array.isArray(scoped) ? (scoped as Vars) : {}),
      ...options.vars,
    };
  }

  lookupGlobal(state: RenderState, name: string): unknown {
    const registry = this.registry;
    const projectMacro = registry?.project.get(name);
    if (projectMacro) return projectMacro;
    const dynamic = dynamicGlobal(this, state, name);
    if (dynamic !== undefined) return dynamic;
    const builtinMacro = registry?.builtin.get(name);
    if (builtinMacro) return builtinMacro;
    const shared = this.globals[name];
    if (shared !== undefined) return shared;
    if (name === 'dbt') return this.dbtNamespace;
    if (name === this.projectName) return this.projectNamespace;
    return undefined;
  }

  macro(name: string): MacroFunction | undefined {
    return this.registry?.lookup(name);
  }

  dispatch(name: string, namespace: string | null): MacroFunction {
    if (!this.registry) throw new CompilationError(`adapter.dispatch('${name}') was called while macros were being loaded`);
    return this.registry.dispatch(name, namespace, this.adapterType);
  }

  addNode(build: NodeBuild): void {
    this.builds.set(build.node.unique_id, build);
    if (REFABLE.has(build.node.resource_type)) {
      const list = this.refable.get(build.node.name) ?? [];
      list.push(build);
      this.refable.set(build.node.name, list);
    }
  }

  removeNode(build: NodeBuild): void {
    this.builds.delete(build.node.unique_id);
    const list = this.refable.get(build.node.name);
    if (!list) return;
    const rest = list.filter((entry) => entry !== build);
    if (rest.length > 0) this.refable.set(build.node.name, rest);
    else {
      this.refable.delete(build.node.name);
      this.disabledRefable.add(build.node.name);
    }
  }

  findRefable(name: string, version: string | null): NodeBuild | undefined {
    if (version !== null) {
      const versioned = this.refable.get(`${name}_v${version}`)?.[0];
      if (versioned) return versioned;
    }
    return this.refable.get(name)?.[0];
  }

  resolveRef(state: RenderState, name: string, packageName: string | null, version: string | null): unknown {
    const build = state.node;
    if (state.mode === 'parse' || state.mode === 'define') {
      if (build && state.mode === 'parse') {
        const refs = build.node.refs;
        if (!refs.some((r) => r.name === name && r.package === packageName && r.version === version)) refs.push({ name, package: packageName, version });
      }
      const known = this.findRefable(name, version)?.node;
      return new ParsedRefRelation(known?.schema || String(this.options.target.schema ?? ''), known?.alias ?? name, name, version);
    }
    const target = this.findRefable(name, version);
    if (!target) throw this.unknownRef(build, name);
    const id = target.node.unique_id;
    if (build && !build.node.depends_on.nodes.includes(id) && id !== build.node.unique_id) build.node.depends_on.nodes.push(id);
    if (target.node.config.materialized === 'ephemeral') {
      if (!state.ephemeralRefs.includes(id)) state.ephemeralRefs.push(id);
      return new EphemeralRelation(target.node.schema, target.node.alias);
    }
    const relation = target.relation ?? new Relation({ schema: target.node.schema, identifier: target.node.alias });
    return this.options.empty ? new EmptyRelation(relation) : relation;
  }

  resolveSource(state: RenderState, sourceName: string, tableName: string): unknown {
    const build = state.node;
    if (state.mode === 'parse' && build) {
      if (!build.node.sources.some(([s, t]) => s === sourceName && t === tableName)) build.node.sources.push([sourceName, tableName]);
    }
    const source = this.sources.get(`${sourceName}.${tableName}`);
    if (state.mode === 'parse' || state.mode === 'define') {
      return new Relation({ schema: source?.schema ?? sourceName, identifier: source?.identifier ?? tableName });
    }
    if (!source) throw this.unknownSource(build, sourceName, tableName);
    if (build && !build.node.depends_on.nodes.includes(source.unique_id)) build.node.depends_on.nodes.push(source.unique_id);
    const relation = new Relation({ database: source.database, schema: source.schema, identifier: source.identifier });
    return this.options.empty ? new EmptyRelation(relation) : relation;
  }

  /** "referenced by model y in models/y.sql:3", finding the call in the node's text. */
  referencedBy(build: NodeBuild | null, pattern: RegExp | null): string {
    if (!build) return 'referenced by a template';
    const node = build.node;
    const line = pattern && build.node.raw_code ? lineOf(node.raw_code, pattern) : undefined;
    const where = line !== undefined && !node.original_file_path.endsWith('.yml') && !node.original_file_path.endsWith('.yaml')
      ? `${node.original_file_path}:${line}`
      : node.location.line !== undefined ? `${node.location.file}:${node.location.line}` : node.original_file_path;
    return `referenced by ${node.resource_type} ${node.name} in ${where}`;
  }

  unknownRef(build: NodeBuild | null, name: string): CompilationError {
    const pattern = new RegExp(`ref\\s*\\(\\s*(?:['"][^'"]*['"]\\s*,\\s*)?['"]${escapeRegExp(name)}['"]`);
    const disabled = this.disabledRefable.has(name);
    const message = `model '${name}' ${disabled ? 'is disabled' : 'not found'} (${this.referencedBy(build, pattern)})`;
    const hint = disabled ? `Enable '${name}' (enabled: true) or remove the ref.` : didYouMean(name, this.refable.keys());
    return new CompilationError(message, { node: build?.node.unique_id, hint, location: this.locationOf(build, pattern) });
  }

  unknownSource(build: NodeBuild | null, sourceName: string, tableName: string): CompilationError {
    const key = `${sourceName}.${tableName}`;
    const pattern = new RegExp(`source\\s*\\(\\s*['"]${escapeRegExp(sourceName)}['"]\\s*,\\s*['"]${escapeRegExp(tableName)}['"]`);
    const disabled = this.disabledSources.has(key);
    const message = `source '${key}' ${disabled ? 'is disabled' : 'not found'} (${this.referencedBy(build, pattern)})`;
    const hint = disabled ? undefined : didYouMean(key, this.sources.keys()) ?? 'Declare it under sources: in a properties .yml file.';
    return new CompilationError(message, { node: build?.node.unique_id, hint, location: this.locationOf(build, pattern) });
  }

  private locationOf(build: NodeBuild | null, pattern: RegExp): { file: string; line?: number } | undefined {
    if (!build) return undefined;
    const node = build.node;
    if (node.resource_type === 'test' && node.test_metadata) return node.location;
    const line = lineOf(node.raw_code, pattern);
    return line === undefined ? undefined : { file: node.original_file_path, line };
  }

  thisRelation(build: NodeBuild, _state: RenderState): Relation {
    return build.relation ?? new Relation({ schema: String(this.options.target.schema ?? ''), identifier: build.node.name });
  }

  visibleConfig(build: NodeBuild, state: RenderState): Record<string, unknown> {
    if (state.mode !== 'parse') return build.node.config;
    const merged = defaultConfig(build.node.resource_type);
    mergeConfig(merged, build.baseConfig);
    return mergeConfig(merged, build.fileConfig);
  }

  nodeView(build: NodeBuild, state: RenderState): Record<string, unknown> {
    return nodeView(build.node, this.visibleConfig(build, state));
  }

  graph(): Record<string, unknown> {
    if (!this.parsed) return { nodes: {}, sources: {}, exposures: {}, metrics: {} };
    this.graphCache ??= graphView(
      [...this.builds.values()].map((build) => build.node as ManifestNode),
      this.sources.values(),
    );
    return this.graphCache;
  }
}
