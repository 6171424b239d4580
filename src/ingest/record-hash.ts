/**
 * `_record_hash`: a stable id for an event, so that loading the same export twice, or a later cumulative export
 * of the same conversations, only adds what is new.
 *
 * hash = sha256(sender_id, canonical JSON of the event) truncated to 32 hex characters, and for the n-th identical
 * copy of an event in one stream (n > 0) sha256(that hash, n). The canonical JSON sorts keys at every level and
 * leaves out what an exporter changes without the event changing: the envelope's `sender_id` and Rasa X's review
 * flag (`is_flagged`, `metadata.rasa_x_flagged`), which is toggled when someone flags a conversation.
 */
import * as crypto from 'node:crypto';

// crypto.hash (one-shot, no Hash object) exists from Node 20.12; older 20.x fall back to createHash.
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex32(text: string): string {
  return (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex')).slice(0, 32);
}

/** Characters JSON.stringify would escape (or that need its lone-surrogate handling). */
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_JSON_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** An object's keys in sorted order, each with its JSON text (`"key":`). */
type SortedKeys = { keys: string[]; prefixes: string[] };

interface KeyNode {
  next: Map<string, KeyNode>;
  sorted: SortedKeys | null;
}

const keyOrders: KeyNode = { next: new Map(), sorted: null };
let keyNodes = 0;
/** Bots that put ids into key names would grow the cache without end; past this, orders are sorted each time. */
const MAX_KEY_NODES = 200_000;

function sortKeys(keys: string[]): SortedKeys {
  keys.sort();
  return { keys, prefixes: keys.map((key) => `${quote(key)}:`) };
}

/**
 * Sorting the keys of every object was most of the cost of hashing. Objects of one kind share their key
 * sequence, so the sorted order is looked up by that sequence in a trie of keys (one Map lookup per key).
 */
function sortedKeysOf(object: Record<string, unknown>): SortedKeys {
  let node = keyOrders;
  for (const key in object) {
    let next = node.next.get(key);
    if (next === undefined) {
      if (keyNodes >= MAX_KEY_NODES) return sortKeys(Object.keys(object));
      next = { next: new Map(), sorted: null };
      node.next.set(key, next);
      keyNodes++;
    }
    node = next;
  }
  return (node.sorted ??= sortKeys(Object.keys(object)));
}

/**
 * JSON with sorted keys; bigint values are written as plain integers. `skip` leaves keys of this object out.
 * `plain`: the caller knows that no string needs escaping (the JSON text it was parsed from had no backslash:
 * JSON must escape quotes, backslashes and control characters), which saves a test per string.
 */
export function canonicalJson(value: unknown, skip?: (key: string) => boolean, plain = false): string {
  if (skip === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return canonical(value, plain);
  const { keys, prefixes } = sortedKeysOf(value as Record<string, unknown>);
  const object = value as Record<string, unknown>;
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = object[key];
    if (child === undefined || skip(key)) continue;
    out += (out.length > 1 ? ',' : '') + prefixes[i]! + (key === 'metadata' ? canonicalJson(child, skipMetadata, plain) : canonical(child, plain));
  }
  return `${out}}`;
}

function canonical(value: unknown, plain: boolean): string {
  switch (typeof value) {
    case 'string':
      return plain || !NEEDS_JSON_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonical(value[i], plain);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const { keys, prefixes } = sortedKeysOf(object);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const child = object[keys[i]!];
    if (child === undefined) continue;
    out += (out.length > 1 ? ',' : '') + prefixes[i]! + canonical(child, plain);
  }
  return `${out}}`;
}

const skipEnvelope = (key: string): boolean => key === 'sender_id' || key === 'is_flagged';
const skipMetadata = (key: string): boolean => key === 'rasa_x_flagged';

/** The event's content as hashed: canonical JSON without the volatile envelope keys. */
export function hashedContent(body: Record<string, unknown>, plain = false): string {
  return canonicalJson(body, skipEnvelope, plain);
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
