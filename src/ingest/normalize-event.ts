/**
 * Checks one parsed event and rewrites legacy shapes, per rasa-events.md §1.2: `form` loads as `active_loop`,
 * `form_validation` as `loop_interrupted` with `is_interrupted = not validate`.
 * Returns the reason as a string when the event cannot be loaded.
 */

/** Rasa's float seconds must map to a PostgreSQL timestamp (year 1970 … 9999). */
const MAX_TIMESTAMP_SECONDS = 253_402_300_800;

export interface NormalizedEvent {
  /** Rasa type after the legacy mapping (`active_loop`, `user`, …). */
  type: string;
  timestamp: number;
  /** The event's keys (the caller's object, or a rewritten copy for legacy types). */
  body: Record<string, unknown>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function normalizeEvent(candidate: unknown): NormalizedEvent | string {
  if (!isPlainObject(candidate)) return `expected a JSON object for the event, found ${describeJson(candidate)}`;
  const type = candidate.event;
  if (type === undefined || type === null) return 'event has no "event" key (the Rasa event type)';
  if (typeof type !== 'string' || type.trim() === '') return `"event" must be a non-empty string, found ${describeJson(type)}`;
  const timestamp = candidate.timestamp;
  if (timestamp === undefined || timestamp === null) return `${type} event has no "timestamp"`;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return `${type} event has a non-numeric timestamp ${describeJson(timestamp)} (Rasa writes unix seconds as a number)`;
  }
  if (timestamp < 0 || timestamp >= MAX_TIMESTAMP_SECONDS) return `${type} event has timestamp ${timestamp}, outside 1970…9999 in unix seconds`;
  if (type === 'form') return { type: 'active_loop', timestamp, body: { ...candidate, event: 'active_loop' } };
  if (type === 'form_validation') {
    const { validate, ...rest } = candidate;
    return { type: 'loop_interrupted', timestamp, body: { ...rest, event: 'loop_interrupted', is_interrupted: validate === false } };
  }
  return { type, timestamp, body: candidate };
}

/** Finds the path of the first string or key with a NUL character, which PostgreSQL text cannot store. */
export function findNulByte(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulByte(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return childPath;
      const found = findNulByte(child, childPath);
      if (found !== null) return found;
    }
  }
  return null;
}

export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return value.toString();
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
