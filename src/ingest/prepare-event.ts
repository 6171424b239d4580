/**
 * Turns a read event into what the unpacker needs: validated, legacy names mapped, `_record_hash`,
 * `_event_order`, the UTC timestamp text and `model_id`. Returns the reason as a string for an invalid event.
 */
import type { PreparedEvent } from './flatten-event.js';
import type { InputEvent } from './load-types.js';
import { findNulByte, isPlainObject, normalizeEvent } from './normalize-event.js';
import { RecordHasher, hashedContent } from './record-hash.js';
import { timestampText } from './timestamp-text.js';

export class EventPreparer {
  private readonly hasher = new RecordHasher();
  private readonly nextOrder = new Map<string, number>();
  private readonly senderStream = new Map<string, string>();
  /** A sender was read from two streams: the same event may be in this load twice. */
  inLoadDuplicatesPossible = false;
  private lastStream = '';

  constructor(private readonly loadId: string) {}

  prepare(item: InputEvent): PreparedEvent | string {
    const normalized = normalizeEvent(item.event);
    if (typeof normalized === 'string') return normalized;
    const plain = item.plain === true;
    const content = hashedContent(normalized.body, plain);
    // JSON escapes NUL as \u0000, so the canonical text finds it in one search; the walk names where it is.
    if (!plain && content.includes('\\u0000')) {
      const path = findNulByte(normalized.body);
      if (path !== null) return `${normalized.type} event has a NUL byte in ${path} (PostgreSQL text cannot store it)`;
    }
    const sender = item.sender;
    if (item.stream !== this.lastStream) {
      const known = this.senderStream.get(sender);
      if (known === undefined) this.senderStream.set(sender, item.stream);
      else if (known !== item.stream) this.inLoadDuplicatesPossible = true;
      this.lastStream = item.stream;
    }
    const hash = this.hasher.hash(item.stream, sender, normalized.timestamp, content);
    let order = item.order;
    if (order === undefined) {
      order = this.nextOrder.get(sender) ?? 0;
      this.nextOrder.set(sender, order + 1);
    }
    return {
      hash,
      loadId: this.loadId,
      sender,
      timestamp: timestampText(normalized.timestamp),
      type: normalized.type,
      modelId: modelIdOf(normalized.body),
      order,
      body: normalized.body,
      plain,
    };
  }
}

/** Rasa X puts `model_id` on the envelope, Rasa 3.x in `metadata`. */
function modelIdOf(body: Record<string, unknown>): string | null {
  const value = body.model_id ?? (isPlainObject(body.metadata) ? body.metadata.model_id : undefined);
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}
