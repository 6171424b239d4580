/**
 * `literal(value)`: a value (or list) from vars rendered as SQL literals by the engine, so that text supplied
 * on the command line can extend a seed list without ever being pasted into SQL as code.
 */
import { quoteLiteral } from '../core/index.js';

export function sqlLiteral(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new Error('literal() of an empty list: SQL has no empty value list; guard it with {% if values %}');
    return value.map(sqlLiteral).join(', ');
  }
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`literal() cannot render ${String(value)}`);
    return String(value);
  }
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  if (typeof value === 'string' || value instanceof String) return quoteLiteral(String(value));
  if (typeof value === 'object' && typeof (value as { isoformat?: unknown }).isoformat === 'function') {
    return quoteLiteral((value as { isoformat(): string }).isoformat());
  }
  throw new Error(`literal() takes a string, number, boolean, null or a list of them, not ${JSON.stringify(value)}`);
}
