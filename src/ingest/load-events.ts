import { stat } from 'node:fs/promises';
import type { Adapter } from '../adapters/index.js';
import { ChatsemError } from '../core/index.js';
import type { LoadEventsOptions, LoadReport } from './load-types.js';
import { type InputSource, resolveInputs } from './open-inputs.js';
import { rawSchemaName } from './raw-schema-name.js';
import { readInputs } from './read-inputs.js';
import { runLoad } from './run-load.js';
import { loadWorkerModule, workerHost } from './worker-host.js';

/**
 * Below this much input, starting a worker thread costs more than it saves. The worker is the default only
 * where the database runs in its own server process (PostgreSQL: `multipleConnections`): with PGlite the
 * database runs in this thread, and on 2 shared cores the worker measured 15-30% slower than parsing in-thread.
 */
const WORKER_MIN_BYTES = 4 << 20;

/**
 * `chatsem load <paths…>`: reads every input (files, directories, gzip, `-`) and loads all of their events as
 * one load into `<prefix>_event`. Throws a ChatsemError naming file, line and reason for the first invalid
 * record unless `skipInvalid`; then nothing is written. Big inputs for PostgreSQL are parsed in a worker thread.
 */
export async function loadEvents(adapter: Adapter, options: LoadEventsOptions): Promise<LoadReport> {
  const schema = rawSchemaName(options.prefix);
  const sources = await resolveInputs(options.inputs, options.stdin);
  const format = options.format ?? 'auto';
  const module = (options.worker ?? (adapter.capabilities.multipleConnections && (await worthAWorker(sources)))) ? loadWorkerModule() : null;
  if (options.worker === true && module === null) {
    throw new ChatsemError('The load worker is not available when chatsem runs from its TypeScript sources.', { hint: 'Run `npm run build` and use dist/, or leave `worker` unset.' });
  }
  return runLoad(adapter, {
    schema,
    ...(module ? { host: workerHost(module, sources, format) } : { items: readInputs(sources, format) }),
    skipInvalid: options.skipInvalid,
    onProgress: options.onProgress,
  });
}

/** stdin counts as big: it is how large exports are piped in (`zcat export.jsonl.gz | chatsem load -`). */
async function worthAWorker(sources: InputSource[]): Promise<boolean> {
  let bytes = 0;
  for (const source of sources) {
    if (source.size === undefined) return true;
    bytes += source.size;
    if (bytes >= WORKER_MIN_BYTES) return true;
  }
  return false;
}
