/**
 * The state of one render and the single nunjucks context object all templates and macros share. Renders are
 * synchronous, so the active state is the top of a stack; macros compiled once per project resolve `this`,
 * `ref` … against whichever node is being rendered, as dbt's macros do.
 */
import { InternalError } from '../core/index.js';
import type { RootRenderFunction } from './jinja-environment.js';
import { jinjaEnvironment, newTopFrame, nunjucksRuntime } from './jinja-environment.js';
import type { CompileSession, NodeBuild, RenderMode } from './session-types.js';
import type { QueryMemo } from './query-memo.js';

export class RenderState {
  /** Top-level `{% set %}` variables and in-file macros of the template being rendered. */
  locals: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** The render read run-time state (`execute`, `run_query` …): the runner must render it again. */
  readsRuntime = false;
  /** Names of project/built-in macros called, for `depends_on.macros`. */
  macrosCalled: Set<string> | null = null;
  /** Ephemeral nodes `ref()`'d by this render, in order of first use (their CTEs are injected). */
  ephemeralRefs: string[] = [];
  /** `load_result()` entries filled by `{% call statement(name) %}`. */
  statements: Map<string, unknown> | null = null;

  constructor(
    readonly session: CompileSession,
    readonly node: NodeBuild | null,
    readonly mode: RenderMode,
    readonly memo: QueryMemo | null = null,
    readonly extra: Record<string, unknown> | null = null,
  ) {}

  get execute(): boolean {
    return this.mode !== 'parse';
  }
}

const stack: RenderState[] = [];

export function activeState(): RenderState {
  const state = stack[stack.length - 1];
  if (!state) throw new InternalError('a template function was called outside a render');
  return state;
}

/** The active state, or undefined outside a render. */
export function peekState(): RenderState | undefined {
  return stack[stack.length - 1];
}

export function withState<T>(state: RenderState, fn: () => T): T {
  stack.push(state);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/** nunjucks' Context interface, delegating to the active RenderState. */
export const sharedContext = {
  env: undefined as unknown,
  ctx: {} as Record<string, unknown>,
  lookup(name: string): unknown {
    const state = stack[stack.length - 1]!;
    const local = state.locals[name];
    if (local !== undefined) return local;
    if (state.extra !== null) {
      const extra = state.extra[name];
      if (extra !== undefined) return extra;
    }
    return state.session.lookupGlobal(state, name);
  },
  setVariable(name: string, value: unknown): void {
    stack[stack.length - 1]!.locals[name] = value;
  },
  getVariables(): Record<string, unknown> {
    return stack[stack.length - 1]!.locals;
  },
  addExport(): void {},
  getExported(): Record<string, unknown> {
    return {};
  },
  addBlock(): unknown {
    return sharedContext;
  },
  getBlock(name: string): never {
    throw new Error(`template inheritance is not supported (block "${name}")`);
  },
};

/** Runs a compiled root with `state` active and returns its text; throws what the template threw (TemplateError). */
export function runRoot(root: RootRenderFunction, state: RenderState): string {
  const env = jinjaEnvironment();
  sharedContext.env = env;
  let output: string | undefined;
  let failure: unknown;
  withState(state, () => {
    root(env, sharedContext, newTopFrame(), nunjucksRuntime(), (error, result) => {
      if (error) failure ??= error;
      else output = result;
    });
  });
  if (failure !== undefined) throw failure;
  if (output === undefined) throw new InternalError('a template render finished without output');
  return output;
}
