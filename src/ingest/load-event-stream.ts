import type { Adapter } from '../adapters/index.js';
import type { InputItem, LoadProgress, LoadReport, SenderEvent } from './load-types.js';
import { rawSchemaName } from './raw-schema-name.js';
import { runLoad } from './run-load.js';

export interface LoadEventStreamOptions {
  events: AsyncIterable<SenderEvent> | Iterable<SenderEvent>;
  prefix: string;
  /** Store invalid events in `_rejected_events` instead of failing (default: fail). */
  skipInvalid?: boolean;
  /** Named in messages and in `_rejected_events.source`; default `<stream>`. */
  sourceName?: string;
  onProgress?: (progress: LoadProgress) => void;
}

/** Loads events produced in-process (`chatsem generate` loading directly, the bench) as one load. */
export function loadEventStream(adapter: Adapter, options: LoadEventStreamOptions): Promise<LoadReport> {
  const schema = rawSchemaName(options.prefix);
  return runLoad(adapter, {
    schema,
    items: asItems(options.events, options.sourceName ?? '<stream>'),
    skipInvalid: options.skipInvalid ?? false,
    onProgress: options.onProgress,
  });
}

const BATCH = 1024;

async function* asItems(events: AsyncIterable<SenderEvent> | Iterable<SenderEvent>, source: string): AsyncGenerator<InputItem[]> {
  let line = 0;
  let batch: InputItem[] = [];
  for await (const event of events) {
    line++;
    const sender = event.sender_id;
    if (typeof sender !== 'string' && typeof sender !== 'number') {
      batch.push({ kind: 'rejected', source, line, detail: '', reason: 'event has no "sender_id"', raw: JSON.stringify(event) });
    } else {
      const id = String(sender);
      batch.push({ kind: 'event', sender: id, event: event as Record<string, unknown>, source, line, detail: '', stream: `${source}\u0000${id}` });
    }
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
