/** Python renderings of values: `str()`, `repr()` and `json.dumps()`, where dbt's output depends on them. */

/** Python's `str()` of a scalar, as used for generic test names. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object' && value.constructor === Object) return pyRepr(value);
  return String(value);
}

const NEEDS_ESCAPE = /[\\'\n\r\t\x00-\x1f\x7f]/;
/** What is escaped inside '…' and inside "…" (the latter only for text with a ' and no "). */
const ESCAPED_IN_SINGLE = /[\\'\n\r\t\x00-\x1f\x7f]/g;
const ESCAPED_IN_DOUBLE = /[\\"\n\r\t\x00-\x1f\x7f]/g;

function escapeChar(ch: string): string {
  if (ch === '\\') return '\\\\';
  if (ch === "'" || ch === '"') return `\\${ch}`;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

function reprString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `'${text}'`;
  // Every escaped character is ASCII, so code units are as good as code points here.
  if (text.includes("'") && !text.includes('"')) return `"${text.replace(ESCAPED_IN_DOUBLE, escapeChar)}"`;
  return `'${text.replace(ESCAPED_IN_SINGLE, escapeChar)}'`;
}

/** Python's `repr()` of str/list/dict values (dict keys keep their order). */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return `{${Object.entries(value).map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return pyStr(value);
}

/** `json.dumps(value)` with Python's default separators (`, ` and `: `), or indented like `indent=n`. */
export function pyJson(value: unknown, indent?: number, sortKeys = false): string {
  const walk = (item: unknown, depth: number): string => {
    if (item === null || item === undefined) return 'null';
    if (typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON === 'function') item = (item as { toJSON(): unknown }).toJSON();
    if (typeof item === 'string' || item instanceof String) return JSON.stringify(String(item));
    if (typeof item === 'number') return Number.isFinite(item) ? (Number.isInteger(item) ? String(item) : String(item)) : 'NaN';
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
    const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
    const separator = indent === undefined ? ', ' : ',';
    if (Array.isArray(item)) {
      if (item.length === 0) return '[]';
      return `[${pad}${item.map((entry) => walk(entry, depth + 1)).join(separator + pad)}${end}]`;
    }
    if (typeof item === 'object') {
      let entries = Object.entries(item as Record<string, unknown>).filter(([k, v]) => k !== '__keywords' && v !== undefined);
      if (sortKeys) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (entries.length === 0) return '{}';
      return `{${pad}${entries.map(([k, v]) => `${JSON.stringify(k)}: ${walk(v, depth + 1)}`).join(separator + pad)}${end}}`;
    }
    return JSON.stringify(String(item));
  };
  return walk(value, 0);
}
