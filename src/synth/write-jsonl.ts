import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { SenderEvent } from '../ingest/index.js';

/**
 * Writes events as JSON Lines (the event-broker export `chatsem load` reads), gzip-compressed when the path ends
 * in `.gz`. Streams with back-pressure; resolves to the number of events written.
 */
export async function writeJsonl(events: Iterable<SenderEvent> | AsyncIterable<SenderEvent>, path: string): Promise<number> {
  const file = createWriteStream(path);
  const gzip = path.endsWith('.gz') ? createGzip() : null;
  if (gzip) gzip.pipe(file);
  const out: Writable = gzip ?? file;
  let count = 0;
  let buffer = '';
  try {
    for await (const event of events) {
      buffer += `${JSON.stringify(event)}\n`;
      count++;
      if (buffer.length >= 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    if (buffer) out.write(buffer);
    out.end();
    await once(file, 'finish');
  } catch (error) {
    out.destroy();
    file.destroy();
    throw error;
  }
  return count;
}
