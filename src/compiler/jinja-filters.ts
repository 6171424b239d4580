/**
 * Jinja filters missing from nunjucks or with a different signature there (keyword arguments, `map`,
 * `selectattr` with tests, dbt's `as_*` filters). nunjucks' own filters stay for everything else.
 */
import nunjucks from 'nunjucks';
import { isPlainObject, isStringLike } from './python-methods.js';
import { pyJson } from './py-values.js';

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;
type Env = { getFilter(name: string): Filter; getTest(name: string): (value: unknown, ...args: unknown[]) => boolean };

function splitKwargs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    const { __keywords: _ignored, ...kwargs } = last;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

/** A filter taking Jinja's keyword arguments: `names` are the parameters after the value, in order. */
function withKwargs(names: string[], fn: (value: unknown, ...args: unknown[]) => unknown): Filter {
  return function filter(this: unknown, value: unknown, ...args: unknown[]) {
    const { positional, kwargs } = splitKwargs(args);
    const ordered = names.map((name, i) => (name in kwargs ? kwargs[name] : positional[i]));
    return fn.call(this, value, ...ordered);
  };
}

function attributeGetter(attribute: unknown): (item: unknown) => unknown {
  if (attribute === undefined || attribute === null) return (item) => item;
  const path = String(attribute).split('.');
  return (item) => path.reduce<unknown>((value, key) => (value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key]), item);
}

const toList = (value: unknown): unknown[] => {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isStringLike(value)) return Array.from(String(value));
  if (isPlainObject(value)) return Object.keys(value);
  if (typeof value === 'object' && Symbol.iterator in value) return Array.from(value as Iterable<unknown>);
  return [value];
};

const sortKey = (caseSensitive: unknown, get: (item: unknown) => unknown) => (item: unknown) => {
  const key = get(item);
  return !caseSensitive && isStringLike(key) ? String(key).toLowerCase() : key;
};

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function selectByTest(env: Env, select: boolean, byAttribute: boolean) {
  return function filter(this: unknown, value: unknown, ...args: unknown[]) {
    const { positional } = splitKwargs(args);
    const get = byAttribute ? attributeGetter(positional.shift()) : (item: unknown) => item;
    const testName = positional.shift();
    const test = testName === undefined ? (item: unknown) => Boolean(item) : env.getTest(String(testName));
    return toList(value).filter((item) => Boolean(test.call(this, get(item), ...positional)) === select);
  };
}

function truthyText(value: unknown): boolean {
  if (isStringLike(value)) return ['true', 'yes', '1', 'on'].includes(String(value).trim().toLowerCase());
  return Boolean(value);
}

/** Python's `ast.literal_eval`, approximately: JSON, then Python literals, else the text itself. */
function nativeValue(value: unknown): unknown {
  if (!isStringLike(value)) return value;
  const text = String(value).trim();
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/'/g, '"').replace(/\bNone\b/g, 'null').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
    } catch {
      return String(value);
    }
  }
}

export function jinjaFilters(env: Env): Record<string, Filter> {
  const filters: Record<string, Filter> = {
    join: withKwargs(['d', 'attribute'], (value, separator, attribute) =>
      toList(value).map(attributeGetter(attribute)).map((item) => (item === null || item === undefined ? '' : String(item))).join(separator === undefined ? '' : String(separator))),
    default: withKwargs(['default_value', 'boolean'], (value, fallback, boolean) =>
      (boolean ? !value : value === undefined) ? (fallback === undefined ? '' : fallback) : value),
    replace: withKwargs(['old', 'new', 'count'], (value, old, replacement, count) => {
      const parts = String(value ?? '').split(String(old));
      const limit = typeof count === 'number' && count >= 0 ? count : parts.length;
      return parts.slice(0, limit + 1).join(String(replacement)) + (parts.length > limit + 1 ? String(old) + parts.slice(limit + 1).join(String(old)) : '');
    }),
    trim: withKwargs(['chars'], (value, chars) => {
      const text = String(value ?? '');
      if (chars === undefined || chars === null) return text.trim();
      const set = String(chars);
      let start = 0;
      let end = text.length;
      while (start < end && set.includes(text[start]!)) start++;
      while (end > start && set.includes(text[end - 1]!)) end--;
      return text.slice(start, end);
    }),
    length: (value) => (value === null || value === undefined ? 0 : isPlainObject(value) ? Object.keys(value).length : toList(value).length),
    tojson: withKwargs(['indent'], (value, indent) => new nunjucks.runtime.SafeString(pyJson(value, typeof indent === 'number' ? indent : undefined))),
    list: (value) => toList(value).slice(),
    unique: withKwargs(['case_sensitive', 'attribute'], (value, caseSensitive, attribute) => {
      const key = sortKey(caseSensitive, attributeGetter(attribute));
      const seen = new Set<unknown>();
      return toList(value).filter((item) => {
        const k = key(item);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }),
    map(this: unknown, value: unknown, ...args: unknown[]) {
      const { positional, kwargs } = splitKwargs(args);
      if ('attribute' in kwargs) {
        const get = attributeGetter(kwargs.attribute);
        return toList(value).map((item) => {
          const result = get(item);
          return result === undefined && 'default' in kwargs ? kwargs.default : result;
        });
      }
      const filter = env.getFilter(String(positional[0]));
      const rest = positional.slice(1);
      return toList(value).map((item) => filter.call(this, item, ...rest));
    },
    select: selectByTest(env, true, false),
    reject: selectByTest(env, false, false),
    selectattr: selectByTest(env, true, true),
    rejectattr: selectByTest(env, false, true),
    int: withKwargs(['default', 'base'], (value, fallback, base) => {
      const parsed = typeof value === 'number' ? Math.trunc(value) : parseInt(String(value), typeof base === 'number' ? base : 10);
      return Number.isNaN(parsed) ? (fallback ?? 0) : parsed;
    }),
    float: withKwargs(['default'], (value, fallback) => {
      const parsed = typeof value === 'number' ? value : parseFloat(String(value));
      return Number.isNaN(parsed) ? (fallback ?? 0) : parsed;
    }),
    string: (value) => (value === null ? 'None' : value === true ? 'True' : value === false ? 'False' : String(value ?? '')),
    abs: (value) => Math.abs(Number(value)),
    round: withKwargs(['precision', 'method'], (value, precision, method) => {
      const factor = 10 ** Number(precision ?? 0);
      const fn = method === 'ceil' ? Math.ceil : method === 'floor' ? Math.floor : Math.round;
      return fn(Number(value) * factor) / factor;
    }),
    sum: withKwargs(['attribute', 'start'], (value, attribute, start) =>
      toList(value).map(attributeGetter(attribute)).reduce<number>((total, item) => total + Number(item), Number(start ?? 0))),
    min: withKwargs(['case_sensitive', 'attribute'], (value, caseSensitive, attribute) => {
      const key = sortKey(caseSensitive, attributeGetter(attribute));
      return toList(value).reduce<unknown>((best, item) => (best === undefined || compare(key(item), key(best)) < 0 ? item : best), undefined);
    }),
    max: withKwargs(['case_sensitive', 'attribute'], (value, caseSensitive, attribute) => {
      const key = sortKey(caseSensitive, attributeGetter(attribute));
      return toList(value).reduce<unknown>((best, item) => (best === undefined || compare(key(item), key(best)) > 0 ? item : best), undefined);
    }),
    first: (value) => toList(value)[0],
    last: (value) => {
      const list = toList(value);
      return list[list.length - 1];
    },
    sort: withKwargs(['reverse', 'case_sensitive', 'attribute'], (value, reverse, caseSensitive, attribute) => {
      const key = sortKey(caseSensitive, attributeGetter(attribute));
      const sorted = toList(value).slice().sort((a, b) => compare(key(a), key(b)));
      return reverse ? sorted.reverse() : sorted;
    }),
    reverse: (value) => (isStringLike(value) ? Array.from(String(value)).reverse().join('') : toList(value).slice().reverse()),
    batch: withKwargs(['linecount', 'fill_with'], (value, size, fill) => {
      const list = toList(value);
      const count = Math.max(1, Number(size));
      const batches: unknown[][] = [];
      for (let i = 0; i < list.length; i += count) batches.push(list.slice(i, i + count));
      const last = batches[batches.length - 1];
      if (last && fill !== undefined && fill !== null) while (last.length < count) last.push(fill);
      return batches;
    }),
    indent: withKwargs(['width', 'first', 'blank'], (value, width, first, blank) => {
      const pad = typeof width === 'string' ? width : ' '.repeat(Number(width ?? 4));
      const lines = String(value ?? '').split('\n');
      return lines
        .map((line, i) => ((i === 0 && !first) || (!blank && line.trim() === '') ? line : pad + line))
        .join('\n');
    }),
    as_text: (value) => (value === null || value === undefined ? '' : String(value)),
    as_bool: (value) => truthyText(value),
    as_number: (value) => Number(value),
    as_native: (value) => nativeValue(value),
    lower: (value) => String(value ?? '').toLowerCase(),
    upper: (value) => String(value ?? '').toUpperCase(),
    items: (value) => (isPlainObject(value) ? Object.entries(value) : []),
  };
  filters.d = filters.default!;
  filters.count = filters.length!;
  return filters;
}
