/**
 * Python's str/list/dict methods for templates written for Jinja (`name.upper()`, `cols.append(c)`,
 * `d.items()`), installed by replacing nunjucks' member lookup. SafeString values (macro output) count as strings.
 */
import nunjucks from 'nunjucks';

type Method = (self: never, ...args: unknown[]) => unknown;

const SafeString = nunjucks.runtime.SafeString as unknown as new (value: string) => object;

export function isStringLike(value: unknown): value is string | object {
  return typeof value === 'string' || value instanceof SafeString;
}

function stripChars(text: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    if (left && right) return text.trim();
    return left ? text.trimStart() : text.trimEnd();
  }
  const set = String(chars);
  let start = 0;
  let end = text.length;
  if (left) while (start < end && set.includes(text[start]!)) start++;
  if (right) while (end > start && set.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

function pySplit(text: string, sep?: unknown, maxsplit?: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : -1;
  if (sep === undefined || sep === null) {
    const parts = text.trim().split(/\s+/).filter((part) => part !== '');
    if (limit < 0 || parts.length <= limit + 1) return parts;
    // Python keeps the unsplit remainder intact.
    const head = parts.slice(0, limit);
    let rest = text.trim();
    for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).trimStart();
    return [...head, rest];
  }
  const separator = String(sep);
  const parts = text.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

function kwargsOf(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    const { __keywords: _ignored, ...kwargs } = last;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

/** `'{} and {name:>5}'.format(a, name=b)`: positional, numbered and named fields with simple format specs. */
export function pyFormat(template: string, args: unknown[]): string {
  const { positional, kwargs } = kwargsOf(args);
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}:!]*)(?:![rsa])?(?::([^{}]*))?\}/g, (match, field: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const key = field ?? '';
    const value = key === '' ? positional[auto++] : /^\d+$/.test(key) ? positional[Number(key)] : kwargs[key];
    return applyFormatSpec(value, spec ?? '');
  });
}

function applyFormatSpec(value: unknown, spec: string): string {
  const match = /^(?:(.)?([<>^]))?(\d+)?(?:\.(\d+))?([dfs%])?$/.exec(spec);
  let text = value === null ? 'None' : value === true ? 'True' : value === false ? 'False' : String(value);
  if (!match) return text;
  const [, fill = ' ', align, width, precision, type] = match;
  if (type === 'f' || (precision !== undefined && typeof value === 'number')) text = Number(value).toFixed(Number(precision ?? 6));
  if (type === '%') text = `${(Number(value) * 100).toFixed(Number(precision ?? 6))}%`;
  if (type === 'd') text = String(Math.trunc(Number(value)));
  const size = Number(width ?? 0);
  if (text.length >= size) return text;
  const pad = fill.repeat(size - text.length);
  const direction = align ?? (typeof value === 'number' ? '>' : '<');
  if (direction === '>') return pad + text;
  if (direction === '^') return pad.slice(0, Math.floor(pad.length / 2)) + text + pad.slice(Math.floor(pad.length / 2));
  return text + pad;
}

function toTitle(text: string): string {
  return text.toLowerCase().replace(/(^|[^A-Za-z0-9])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

const STRING_METHODS: Record<string, (self: string, ...args: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => stripChars(s, chars, true, true),
  lstrip: (s, chars) => stripChars(s, chars, true, false),
  rstrip: (s, chars) => stripChars(s, chars, false, true),
  split: (s, sep, maxsplit) => pySplit(s, sep, maxsplit),
  startswith: (s, prefix) => (Array.isArray(prefix) ? prefix.some((p) => s.startsWith(String(p))) : s.startsWith(String(prefix))),
  endswith: (s, suffix) => (Array.isArray(suffix) ? suffix.some((p) => s.endsWith(String(p))) : s.endsWith(String(suffix))),
  replace: (s, old, replacement, count) => {
    if (typeof count !== 'number' || count < 0) return s.split(String(old)).join(String(replacement));
    const parts = s.split(String(old));
    return parts.slice(0, count + 1).join(String(replacement)) + (parts.length > count + 1 ? String(old) + parts.slice(count + 1).join(String(old)) : '');
  },
  title: (s) => toTitle(s),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  format: (s, ...args) => pyFormat(s, args),
  join: (s, items) => Array.from((items ?? []) as Iterable<unknown>, (item) => String(item)).join(s),
  count: (s, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  index: (s, sub) => {
    const at = s.indexOf(String(sub));
    if (at < 0) throw new Error(`substring '${String(sub)}' not found`);
    return at;
  },
  find: (s, sub) => s.indexOf(String(sub)),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isupper: (s) => s.toUpperCase() === s && s.toLowerCase() !== s,
  islower: (s) => s.toLowerCase() === s && s.toUpperCase() !== s,
  zfill: (s, width) => s.padStart(Number(width), '0'),
  ljust: (s, width, fill) => s.padEnd(Number(width), fill === undefined ? ' ' : String(fill)),
  rjust: (s, width, fill) => s.padStart(Number(width), fill === undefined ? ' ' : String(fill)),
  splitlines: (s) => s.split(/\r?\n/),
};

const LIST_METHODS: Record<string, (self: unknown[], ...args: unknown[]) => unknown> = {
  append: (list, item) => {
    list.push(item);
    return null;
  },
  extend: (list, items) => {
    for (const item of (items ?? []) as Iterable<unknown>) list.push(item);
    return null;
  },
  pop: (list, index) => {
    if (list.length === 0) throw new Error('pop from empty list');
    if (index === undefined) return list.pop();
    const at = Number(index) < 0 ? list.length + Number(index) : Number(index);
    return list.splice(at, 1)[0];
  },
  insert: (list, index, item) => {
    list.splice(Number(index), 0, item);
    return null;
  },
  remove: (list, item) => {
    const at = list.indexOf(item);
    if (at < 0) throw new Error('list.remove(x): x not in list');
    list.splice(at, 1);
    return null;
  },
  count: (list, item) => list.filter((entry) => entry === item).length,
  index: (list, item) => {
    const at = list.indexOf(item);
    if (at < 0) throw new Error(`${String(item)} is not in list`);
    return at;
  },
  copy: (list) => list.slice(),
};

const hasOwn = (object: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(object, key);

const DICT_METHODS: Record<string, (self: Record<string, unknown>, ...args: unknown[]) => unknown> = {
  items: (d) => Object.entries(d).filter(([key]) => key !== '__keywords'),
  keys: (d) => Object.keys(d).filter((key) => key !== '__keywords'),
  values: (d) => Object.entries(d).filter(([key]) => key !== '__keywords').map(([, value]) => value),
  get: (d, key, fallback) => (hasOwn(d, String(key)) && d[String(key)] !== undefined ? d[String(key)] : fallback ?? null),
  update: (d, ...args) => {
    for (const source of args) if (source && typeof source === 'object') for (const [k, v] of Object.entries(source)) if (k !== '__keywords') d[k] = v;
    return null;
  },
  pop: (d, key, ...fallback) => {
    const name = String(key);
    if (hasOwn(d, name)) {
      const value = d[name];
      delete d[name];
      return value;
    }
    if (fallback.length > 0) return fallback[0];
    throw new Error(`KeyError: '${name}'`);
  },
  setdefault: (d, key, fallback) => {
    const name = String(key);
    if (!hasOwn(d, name)) d[name] = fallback ?? null;
    return d[name];
  },
  copy: (d) => ({ ...d }),
  has_key: (d, key) => hasOwn(d, String(key)),
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function bindMethod(table: Record<string, Method>, name: string, self: unknown): ((...args: unknown[]) => unknown) | undefined {
  if (!hasOwn(table, name)) return undefined;
  const method = table[name]!;
  return (...args: unknown[]) => method(self as never, ...args);
}

/**
 * Replacement for nunjucks' `runtime.memberLookup`. Python methods come first for strings and lists; a dict's own
 * key wins over a dict method of the same name (so `kwargs.values` reads a `values` argument).
 */
export function makeMemberLookup(sliceLookup: (...args: unknown[]) => unknown) {
  return function memberLookup(this: unknown, obj: unknown, key: unknown, ...rest: unknown[]): unknown {
    if (rest.length === 2) {
      const result = sliceLookup.call(this, obj, key, ...rest) as unknown[];
      return isStringLike(obj) ? result.join('') : result;
    }
    if (obj === undefined || obj === null) return undefined;
    const name = key as string;
    if (typeof obj === 'string' || obj instanceof SafeString) {
      const text = String(obj);
      return bindMethod(STRING_METHODS as Record<string, Method>, name, text) ?? (text as unknown as Record<string, unknown>)[name];
    }
    if (Array.isArray(obj)) {
      if (typeof key === 'number') return obj[key < 0 ? obj.length + key : key];
      if (hasOwn(obj, name)) return (obj as unknown as Record<string, unknown>)[name];
      const method = bindMethod(LIST_METHODS as Record<string, Method>, name, obj);
      if (method) return method;
    } else if (isPlainObject(obj)) {
      if (!hasOwn(obj, name)) {
        const method = bindMethod(DICT_METHODS as Record<string, Method>, name, obj);
        if (method) return method;
      }
      return obj[name];
    }
    const value = (obj as Record<string, unknown>)[name];
    if (typeof value === 'function') return (value as (...args: unknown[]) => unknown).bind(obj);
    return value;
  };
}
