/** Internal vocabulary shared by the compiler's modules: a node being built and the session that owns it. */
import type { ManifestNode, Relation, Vars } from '../core/index.js';
import type { CompileOptions } from './compile-options.js';
import type { RenderState } from './render-state.js';

/**
 * `define`: running a macro file's top level to collect its macros. `parse`: `execute` is false, refs and
 * config() calls are recorded. `compile`: SQL with refs resolved. `runtime`: against the warehouse.
 */
export type RenderMode = 'define' | 'parse' | 'compile' | 'runtime';

export type MacroFunction = (...args: unknown[]) => unknown;

/** A node while the compiler builds it; `node` becomes the manifest entry. */
export interface NodeBuild {
  node: ManifestNode;
  /** Produces the node's SQL in the given state (a template root or a generic test's macro call); null for seeds. */
  render: ((state: RenderState) => string) | null;
  /** Config from defaults < project tree < properties YAML. */
  baseConfig: Record<string, unknown>;
  /** `config()` calls of the parse render. */
  fileConfig: Record<string, unknown>;
  /** `this`; set once the final config is known. */
  relation: Relation | null;
  /** Ephemeral nodes referenced by the compile render, in order of first use. */
  ephemeralRefs: string[];
  /** SQL of the compile render before ephemeral CTEs are injected (what an ephemeral node contributes as a CTE). */
  bodySql: string | null;
  /** The kwargs a generic test macro is called with (strings may still hold Jinja). */
  testKwargs?: Record<string, unknown>;
  /** Macro a generic test calls, e.g. `test_not_null`. */
  testMacro?: string;
  /** The node (or source) a generic test is attached to. */
  testTarget?: { kind: 'node' | 'source'; name: string; sourceName?: string };
  /** The node failed to parse; skip its compile render. */
  failed: boolean;
}

/** What templates can reach of the compile session. */
export interface CompileSession {
  readonly projectName: string;
  /** `dbt_project.yml` or `project.yaml`, for messages. */
  readonly projectFile: string;
  readonly options: CompileOptions;
  readonly adapterType: string;
  /** Project vars (global and project-scoped) overridden by `--vars`. */
  readonly vars: Vars;
  lookupGlobal(state: RenderState, name: string): unknown;
  macro(name: string): MacroFunction | undefined;
  /** `adapter.dispatch(name, namespace)`: `<adapter>__name`, `postgres__name`, `default__name`. */
  dispatch(name: string, namespace: string | null): MacroFunction;
  resolveRef(state: RenderState, name: string, packageName: string | null, version: string | null): unknown;
  resolveSource(state: RenderState, sourceName: string, tableName: string): unknown;
  /** The `graph` global (plain objects); empty until every node is parsed. */
  graph(): Record<string, unknown>;
  /** The `model` global for a node. */
  nodeView(build: NodeBuild, state: RenderState): Record<string, unknown>;
  /** The config a template sees through `config.get` in this state. */
  visibleConfig(build: NodeBuild, state: RenderState): Record<string, unknown>;
  /** `this` for a node in this state. */
  thisRelation(build: NodeBuild, state: RenderState): Relation;
}
