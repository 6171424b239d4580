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

function reprString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `'${text}'`;
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
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
