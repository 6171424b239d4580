/**
 * dlt's `snake_case` naming convention, so that tables and columns written by chatsem and by dlt have the same
 * names (dlt/common/normalizers/naming/snake_case.py), plus PostgreSQL's 63-byte identifier limit.
 */
import { createHash } from 'node:crypto';
import { MAX_IDENTIFIER_BYTES } from '../core/index.js';

/** dlt joins nested keys and child tables with this separator. */
export const PATH_SEPARATOR = '__';

const REDUCE_FROM = '+-!$*@#=|:';
const REDUCE_TO = 'x_lsxah_li';
const cache = new Map<string, string>();

/** Normalises one key (not a path) the way dlt does: `userId` → `user_id`, `3d` → `_3d`, `a-b` → `a_b`, `x_` → `xx`. */
export function snakeCase(identifier: string): string {
  const cached = cache.get(identifier);
  if (cached !== undefined) return cached;
  let text = identifier.trim();
  let reduced = '';
  for (const ch of text) {
    const at = REDUCE_FROM.indexOf(ch);
    reduced += at >= 0 ? REDUCE_TO[at] : ch;
  }
  text = reduced.replace(/[^a-zA-Z\d_]+/g, '_');
  text = text.replace(/([^_])([A-Z][a-z]+)/g, '$1_$2');
  text = text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (/^\d/.test(text)) text = `_${text}`;
  const stripped = text.replace(/_+$/, '');
  text = stripped + 'x'.repeat(text.length - stripped.length);
  text = text.replace(/_+/g, '_');
  if (text === '') text = '_';
  // Keys are a small vocabulary in practice; the cap only protects against adversarial inputs.
  if (cache.size < 100_000) cache.set(identifier, text);
  return text;
}

/**
 * Fits a (path) identifier into PostgreSQL's limit. Like dlt, a too-long name keeps its head and gets a hash of
 * the full name as tail, so two long names that share a prefix stay distinct and the result is stable.
 */
export function fitIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name;
  const tail = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, MAX_IDENTIFIER_BYTES - tail.length - 1)}_${tail}`;
}

/** Table for an event type: `event_<snake type>`, e.g. `SessionStarted` → `event_session_started`. */
export function eventTableName(eventType: string): string {
  return fitIdentifier(`event_${snakeCase(eventType)}`);
}
