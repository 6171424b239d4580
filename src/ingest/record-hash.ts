/**
 * `_record_hash`: a stable id for an event, so that loading the same export twice, or a later cumulative export
 * of the same conversations, only adds what is new.
 *
 * hash = sha256(sender_id, canonical JSON of the event) truncated to 32 hex characters, and for the n-th identical
 * copy of an event in one stream (n > 0) sha256(that hash, n). The canonical JSON sorts keys at every level and
 * leaves out what an exporter changes without the event changing: the envelope's `sender_id` and Rasa X's review
 * flag (`is_flagged`, `metadata.rasa_x_flagged`), which is toggled when someone flags a conversation.
 */
import { createHash } from 'node:crypto';

export function sha256Hex32(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** JSON with sorted keys; bigint values are written as plain integers. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const child = object[key];
    if (child === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(child)}`;
    first = false;
  }
  return `${out}}`;
}

/** The event's content as hashed: the top level without the volatile envelope keys. */
export function hashedContent(body: Record<string, unknown>): string {
  const { sender_id: _sender, is_flagged: _flagged, ...rest } = body;
  const metadata = rest.metadata;
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && 'rasa_x_flagged' in metadata) {
    const { rasa_x_flagged: _xFlagged, ...metadataRest } = metadata as Record<string, unknown>;
    rest.metadata = metadataRest;
  }
  return canonicalJson(rest);
}

interface StreamState {
  timestamp: number;
  seen: Map<string, number>;
}

/**
 * Numbers identical events within one stream. Identical events share their timestamp, so only the events at the
 * stream's current timestamp are remembered: memory stays proportional to the number of streams, not events.
 */
export class RecordHasher {
  private readonly streams = new Map<string, StreamState>();

  hash(stream: string, sender: string, timestamp: number, content: string): string {
    const base = sha256Hex32(`${sender}\n${content}`);
    let state = this.streams.get(stream);
    if (!state) {
      state = { timestamp, seen: new Map() };
      this.streams.set(stream, state);
    } else if (state.timestamp !== timestamp) {
      state.timestamp = timestamp;
      state.seen.clear();
    }
    const occurrence = state.seen.get(base) ?? 0;
    state.seen.set(base, occurrence + 1);
    return occurrence === 0 ? base : sha256Hex32(`${base}#${occurrence}`);
  }
}
