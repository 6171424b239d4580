/** Encoding of values for PostgreSQL's COPY text format (tab-separated, `\N` for null, backslash escapes). */
import type { ColumnType, Scalar } from './column-types.js';

export const COPY_NULL = '\\N';
const NEEDS_ESCAPE = /[\\\n\r\t]/;

export function escapeCopyText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));
}

/** `value` must fit `type` (see `fits`); text columns take numbers and booleans as their JSON text. */
export function encodeCopyValue(type: ColumnType, value: Scalar): string {
  switch (typeof value) {
    case 'string':
      return escapeCopyText(value);
    case 'boolean':
      return type === 'boolean' ? (value ? 't' : 'f') : value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** `encodeCopyValue` for a value known to need no escaping. */
export function encodePlainCopyValue(type: ColumnType, value: Scalar): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return type === 'boolean' ? (value ? 't' : 'f') : value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** Reverses `escapeCopyText` for one field of `COPY … TO STDOUT` output. */
export function unescapeCopyText(field: string): string | null {
  if (field === COPY_NULL) return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        return ch;
    }
  });
}
