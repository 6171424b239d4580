/**
 * The one nunjucks Environment of the process, made to behave like dbt's Jinja: jinja-compat, `{% do %}`,
 * Python methods, Jinja tests and filters, and macros that can `return()` a value. Templates are compiled to
 * their root render function once and rendered many times against a RenderState (see render-state.ts).
 */
import nunjucks from 'nunjucks';
import { compileFast } from './fast-template.js';
import { jinjaFilters } from './jinja-filters.js';
import { JINJA_TESTS } from './jinja-tests.js';
import { makeMemberLookup } from './python-methods.js';
import { QuerySignal, ReturnSignal } from './signals.js';

/** nunjucks' generated root function: `root(env, context, frame, runtime, cb)`. */
export type RootRenderFunction = (
  env: nunjucks.Environment,
  context: unknown,
  frame: unknown,
  runtime: unknown,
  cb: (error: unknown, output?: string) => void,
) => void;

type Runtime = Record<string, unknown> & {
  makeMacro: (argNames: string[], kwargNames: string[], fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown;
  memberLookup: (...args: unknown[]) => unknown;
  Frame: new () => { topLevel: boolean };
};

interface NunjucksInternals {
  runtime: Runtime;
  compiler: { compile(src: string, asyncFilters: unknown[], extensions: unknown[], name: string, opts: unknown): string };
  nodes: Record<string, new (...args: unknown[]) => unknown>;
  installJinjaCompat(): void;
}

const internals = nunjucks as unknown as NunjucksInternals;

class DoExtension {
  tags = ['do'];
  parse(parser: Record<string, (...args: unknown[]) => unknown>, nodes: NunjucksInternals['nodes']): unknown {
    const token = parser.nextToken!() as { value: string; lineno: number; colno: number };
    const expression = parser.parseExpression!();
    parser.advanceAfterBlockEnd!(token.value);
    return new nodes.CallExtension!(this, 'run', new nodes.NodeList!(token.lineno, token.colno, [expression]));
  }
  run(): string {
    return '';
  }
}

let environment: nunjucks.Environment | undefined;

/** The loop variables nunjucks' compiled for-loops set, by the name they pass to Frame.set. */
const LOOP_FIELDS: Record<string, string | undefined> = {
  'loop.index': 'index',
  'loop.index0': 'index0',
  'loop.revindex': 'revindex',
  'loop.revindex0': 'revindex0',
  'loop.first': 'first',
  'loop.last': 'last',
  'loop.length': 'length',
};

export function jinjaEnvironment(): nunjucks.Environment {
  if (environment) return environment;
  internals.installJinjaCompat();
  const runtime = internals.runtime;
  runtime.memberLookup = makeMemberLookup(runtime.memberLookup);
  // Frame.set splits every name on '.'; loop variables and macro arguments never have one.
  const frameProto = (runtime.Frame as unknown as { prototype: { set: (...args: unknown[]) => void; variables: Record<string, unknown> } }).prototype;
  const originalSet = frameProto.set;
  frameProto.set = function set(this: { variables: Record<string, unknown> }, name: unknown, value: unknown, resolveUp?: unknown): void {
    if (!resolveUp && typeof name === 'string') {
      if (!name.includes('.')) {
        this.variables[name] = value;
        return;
      }
      if (name.startsWith('loop.') && name.indexOf('.', 5) < 0) {
        const loop = (this.variables.loop ??= {}) as Record<string, unknown>;
        // A constant key: a fresh slice would be looked up in the string table on every iteration.
        loop[LOOP_FIELDS[name] ?? name.slice(5)] = value;
        return;
      }
    }
    originalSet.call(this, name, value, resolveUp);
  };
  // Signals must reach the code that waits for them, not be flattened into a TemplateError message.
  const originalHandleError = runtime.handleError as (error: unknown, lineno: number, colno: number) => unknown;
  runtime.handleError = (error: unknown, lineno: number, colno: number) =>
    error instanceof QuerySignal || error instanceof ReturnSignal ? error : originalHandleError(error, lineno, colno);
  const originalMakeMacro = runtime.makeMacro;
  // Every macro, wherever defined, evaluates to the value given to `return()` when it calls it.
  runtime.makeMacro = (argNames, kwargNames, fn) => {
    const macro = originalMakeMacro(argNames, kwargNames, fn);
    const wrapped = function returningMacro(this: unknown, ...args: unknown[]): unknown {
      try {
        return macro.apply(this, args);
      } catch (error) {
        if (error instanceof ReturnSignal) return error.value;
        throw error;
      }
    };
    return wrapped;
  };
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  env.addExtension('DoExtension', new DoExtension());
  const asEnv = env as unknown as Parameters<typeof jinjaFilters>[0] & { addTest(name: string, test: unknown): void };
  for (const [name, test] of Object.entries(JINJA_TESTS)) asEnv.addTest(name, test);
  for (const [name, filter] of Object.entries(jinjaFilters(asEnv))) env.addFilter(name, filter as (...args: unknown[]) => unknown);
  environment = env;
  return env;
}

export function nunjucksRuntime(): Runtime {
  jinjaEnvironment();
  return internals.runtime;
}

let fastTemplates = true;

/** Tests switch the fast path off to check both engines render alike. */
export function setFastTemplates(enabled: boolean): void {
  fastTemplates = enabled;
}

/**
 * Compiles template text to its root render function; throws nunjucks' TemplateError (with lineno) on syntax
 * errors. Templates within the fast subset (fast-parser.ts) skip nunjucks' much slower compilation.
 */
export function compileRoot(source: string, name: string): RootRenderFunction {
  if (fastTemplates) {
    const fast = compileFast(source);
    if (fast) return fast;
  }
  const env = jinjaEnvironment() as unknown as { asyncFilters: unknown[]; extensionsList: unknown[]; opts: unknown };
  const code = internals.compiler.compile(source, env.asyncFilters, env.extensionsList, name, env.opts);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const props = new Function(code)() as { root: RootRenderFunction };
  return props.root;
}

export function newTopFrame(): unknown {
  const frame = new (nunjucksRuntime().Frame)();
  frame.topLevel = true;
  return frame;
}

/** Marks an object as the keyword arguments of a call into a nunjucks macro. */
export function keywordArgs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return { ...kwargs, __keywords: true };
}

export const SafeString = nunjucks.runtime.SafeString as unknown as new (value: string) => { val: string; toString(): string };
export function markSafe(text: string): unknown {
  return new SafeString(text);
}
