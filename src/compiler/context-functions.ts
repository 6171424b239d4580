/**
 * dbt's context functions that read or record per-node state: ref, source, var, env_var, config, is_incremental,
 * log, exceptions, return, literal. They are shared by every render and act on the active RenderState.
 */
import { CompilationError } from '../core/index.js';
import { splitKwargs } from './call-args.js';
import { mergeConfig, normalizeConfigKey } from './config-merge.js';
import { markSafe } from './jinja-environment.js';
import { activeState } from './render-state.js';
import type { RenderState } from './render-state.js';
import { ReturnSignal } from './signals.js';
import { sqlLiteral } from './sql-literal.js';

function describeNode(state: RenderState): string {
  const node = state.node?.node;
  if (!node) return 'this template';
  return `${node.resource_type} ${node.name} (${node.original_file_path})`;
}

function nodeId(state: RenderState): string | undefined {
  return state.node?.node.unique_id;
}

function ref(...args: unknown[]): unknown {
  const { positional, kwargs } = splitKwargs(args);
  const version = kwargs.v ?? kwargs.version;
  const [packageName, name] = positional.length >= 2 ? positional : [null, positional[0]];
  const state = activeState();
  if (typeof name !== 'string' || name === '') {
    throw new CompilationError(`ref() needs a model name, got ${JSON.stringify(name ?? null)} in ${describeNode(state)}`, { node: nodeId(state) });
  }
  return state.session.resolveRef(state, name, packageName === null ? null : String(packageName), version === undefined || version === null ? null : String(version));
}

function source(...args: unknown[]): unknown {
  const [sourceName, tableName] = splitKwargs(args).positional;
  const state = activeState();
  if (typeof sourceName !== 'string' || typeof tableName !== 'string') {
    throw new CompilationError(`source() needs two names, source('source_name', 'table_name'), in ${describeNode(state)}`, { node: nodeId(state) });
  }
  return state.session.resolveSource(state, sourceName, tableName);
}

function variable(...args: unknown[]): unknown {
  const { positional } = splitKwargs(args);
  const name = String(positional[0]);
  const state = activeState();
  if (Object.prototype.hasOwnProperty.call(state.session.vars, name)) return state.session.vars[name];
  if (positional.length >= 2) return positional[1];
  throw new CompilationError(`Required var '${name}' is not defined for ${describeNode(state)}`, {
    node: nodeId(state),
    hint: `Pass it with \`--vars ${name}=value\` or set it under \`vars:\` in ${state.session.projectFile}.`,
  });
}

function envVar(...args: unknown[]): unknown {
  const { positional } = splitKwargs(args);
  const name = String(positional[0]);
  const state = activeState();
  const value = state.session.options.env[name];
  if (value !== undefined) return value;
  if (positional.length >= 2) return positional[1];
  throw new CompilationError(`Environment variable '${name}' is not set; env_var('${name}') is used by ${describeNode(state)}`, {
    node: nodeId(state),
    hint: `Set ${name} in the environment or give a default: env_var('${name}', 'value').`,
  });
}

function configCall(...args: unknown[]): string {
  const state = activeState();
  if (state.mode !== 'parse' || !state.node) return '';
  const { positional, kwargs } = splitKwargs(args);
  for (const value of positional) if (value && typeof value === 'object') mergeConfig(state.node.fileConfig, value as Record<string, unknown>);
  mergeConfig(state.node.fileConfig, kwargs);
  return '';
}

function configGet(...args: unknown[]): unknown {
  const { positional, kwargs } = splitKwargs(args);
  const key = normalizeConfigKey(String(positional[0] ?? kwargs.name));
  const fallback = positional.length >= 2 ? positional[1] : (kwargs.default ?? null);
  const state = activeState();
  if (!state.node) return fallback;
  const value = state.session.visibleConfig(state.node, state)[key];
  return value === undefined || value === null ? fallback : value;
}

function configRequire(...args: unknown[]): unknown {
  const key = normalizeConfigKey(String(splitKwargs(args).positional[0]));
  const state = activeState();
  const value = state.node ? state.session.visibleConfig(state.node, state)[key] : undefined;
  if (value === undefined || value === null) {
    throw new CompilationError(`${describeNode(state)} needs the config '${key}'`, {
      node: nodeId(state),
      hint: `Set it with {{ config(${key}=...) }} in the file or under config: in its properties.`,
    });
  }
  return value;
}

function isIncremental(): boolean {
  const state = activeState();
  if (state.mode === 'runtime' && state.memo) {
    const materialized = state.node?.node.config.materialized;
    return state.memo.runtime.isIncremental && (materialized === undefined || materialized === 'incremental');
  }
  state.readsRuntime = true;
  return false;
}

function log(...args: unknown[]): string {
  const { positional, kwargs } = splitKwargs(args);
  const state = activeState();
  // The parse render would repeat every message; dbt users see them once per execution.
  if (state.mode !== 'parse' && state.mode !== 'define') state.session.options.log?.(String(positional[0] ?? ''), Boolean(positional[1] ?? kwargs.info ?? false));
  return '';
}

const exceptions = {
  raise_compiler_error(message: unknown): never {
    const state = activeState();
    throw new CompilationError(String(message), { node: nodeId(state) });
  },
  warn(message: unknown): string {
    const state = activeState();
    if (state.mode !== 'parse') state.session.options.log?.(`Warning in ${describeNode(state)}: ${String(message)}`, true);
    return '';
  },
  raise_not_implemented(message: unknown): never {
    throw new CompilationError(String(message), { node: nodeId(activeState()), hint: 'Raised by exceptions.raise_not_implemented in a macro.' });
  },
};

function returnValue(value: unknown): never {
  throw new ReturnSignal(value);
}

export function contextFunctions(): Record<string, unknown> {
  const config = Object.assign(configCall, { get: configGet, require: configRequire });
  return {
    ref,
    source,
    var: variable,
    env_var: envVar,
    config,
    is_incremental: isIncremental,
    should_full_refresh: () => {
      const state = activeState();
      if (state.mode === 'runtime' && state.memo) return state.memo.runtime.fullRefresh;
      state.readsRuntime = true;
      return Boolean(state.session.options.fullRefresh);
    },
    log,
    exceptions,
    return: returnValue,
    literal: (value: unknown) => markSafe(sqlLiteral(value)),
    builtins: { ref, source, config },
  };
}
