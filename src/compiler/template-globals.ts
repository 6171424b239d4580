/**
 * Name resolution for templates, in dbt's order: template variables (render-state.ts), project macros,
 * per-node values (`this`, `model`, `execute` …), built-in macros, then the shared global functions.
 */
import { contextFunctions } from './context-functions.js';
import { PyDateTime } from './py-datetime.js';
import { pythonGlobals } from './python-globals.js';
import type { RenderState } from './render-state.js';
import type { CompileSession, MacroFunction } from './session-types.js';
import { warehouseFunctions } from './warehouse-functions.js';

let staticGlobals: Record<string, unknown> | undefined;

export function sharedGlobals(): Record<string, unknown> {
  staticGlobals ??= Object.assign(Object.create(null) as Record<string, unknown>, pythonGlobals(), contextFunctions(), warehouseFunctions());
  return staticGlobals;
}

/** Values that depend on the session or the node being rendered. */
export function dynamicGlobal(session: CompileSession, state: RenderState, name: string): unknown {
  switch (name) {
    case 'this':
      return state.node ? session.thisRelation(state.node, state) : undefined;
    case 'model':
      return state.node ? session.nodeView(state.node, state) : undefined;
    case 'execute':
      if (state.mode === 'compile') state.readsRuntime = true;
      return state.execute;
    case 'target':
      return session.options.target;
    case 'flags':
      return {
        FULL_REFRESH: state.memo ? state.memo.runtime.fullRefresh : Boolean(session.options.fullRefresh),
        EMPTY: Boolean(session.options.empty),
        WHICH: state.mode === 'runtime' ? 'run' : 'compile',
      };
    case 'graph':
      return session.graph();
    case 'invocation_id':
      return session.options.invocationId;
    case 'run_started_at':
      return new PyDateTime(session.options.runStartedAt, false, true);
    case 'project_name':
      return session.projectName;
    case 'schema':
      return state.node?.node.schema ?? session.options.target.schema;
    case 'database':
      return state.node?.node.database ?? session.options.target.database ?? null;
    default:
      return undefined;
  }
}

/** `dbt.date_trunc(...)` and `<project>.my_macro(...)`: a namespace object whose members are macros. */
export function macroNamespace(find: (name: string) => MacroFunction | undefined): Record<string, unknown> {
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_target, property) => (typeof property === 'string' ? find(property) : undefined),
    has: (_target, property) => typeof property === 'string' && find(property) !== undefined,
  });
}
