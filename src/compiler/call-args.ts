/** nunjucks passes keyword arguments as a trailing object marked `__keywords`; these helpers unpack them. */

export interface CallArgs {
  positional: unknown[];
  kwargs: Record<string, unknown>;
}

export function splitKwargs(args: readonly unknown[]): CallArgs {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last !== null && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    const kwargs: Record<string, unknown> = {};
    for (const key of Object.keys(last)) if (key !== '__keywords') kwargs[key] = last[key];
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args.slice(), kwargs: {} };
}

/** Maps positional and keyword arguments onto Python-style parameter names, in order. */
export function bindArgs(names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const { positional, kwargs } = splitKwargs(args);
  const bound: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (i < positional.length) bound[name] = positional[i];
  });
  for (const [key, value] of Object.entries(kwargs)) bound[key] = value;
  return bound;
}

/** Wraps `fn(a, b, …)` so templates may call it with keywords: `fn(b=1)`. */
export function pythonCallable<T>(names: readonly string[], fn: (...args: unknown[]) => T): (...args: unknown[]) => T {
  return (...args: unknown[]) => {
    const bound = bindArgs(names, args);
    return fn(...names.map((name) => bound[name]));
  };
}
