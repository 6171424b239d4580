/**
 * `chatsem load --from-tracker-store <postgres url>`: reads Rasa's SQLTrackerStore table `events`
 * (id, sender_id, type_name, timestamp, intent_name, action_name, data; rasa-events.md §3.1) with a streaming
 * COPY and remembers the highest id loaded in `_tracker_store_state`, in the load's transaction, so the next call
 * takes only newer rows. The row id is the event's `_event_order`: it is the store's insertion order, which
 * stays comparable across loads.
 */
import { PassThrough } from 'node:stream';
import { createAdapter, type Adapter, type Connection } from '../adapters/index.js';
import { ChatsemError, quoteIdentifier } from '../core/index.js';
import { unescapeCopyText } from './copy-text.js';
import type { InputItem, LoadProgress, LoadReport } from './load-types.js';
import { isPlainObject } from './normalize-event.js';
import { readLines } from './open-inputs.js';
import { parseJson } from './parse-json.js';
import { qualified } from './raw-schema.js';
import { rawSchemaName } from './raw-schema-name.js';
import { cut } from './read-events.js';
import { runLoad } from './run-load.js';

export const TRACKER_STATE_TABLE = '_tracker_store_state';

export interface TrackerStoreOptions {
  /** `postgres://user:password@host:port/database` of the Rasa tracker store. */
  url: string;
  prefix: string;
  skipInvalid: boolean;
  /** The events table, optionally schema-qualified; default `events`. */
  table?: string;
  onProgress?: (progress: LoadProgress) => void;
}

export interface TrackerStoreReport extends LoadReport {
  /** Rows with an id above this were read (null: the first load from this store). */
  afterId: number | null;
  /** Highest id read; the next load starts after it. */
  lastId: number | null;
}

export async function loadFromTrackerStore(adapter: Adapter, options: TrackerStoreOptions): Promise<TrackerStoreReport> {
  const schema = rawSchemaName(options.prefix);
  const tableParts = (options.table ?? 'events').split('.');
  if (tableParts.length > 2 || tableParts.some((part) => part === '')) {
    throw new ChatsemError(`Invalid tracker store table "${options.table}".`, { hint: 'Give `events` or `schema.events`.' });
  }
  const sourceTable = tableParts.map(quoteIdentifier).join('.');
  const config = parsePostgresUrl(options.url);
  const sourceKey = `postgres://${config.host}:${config.port}/${config.database}/${tableParts.join('.')}`;
  const source = await createAdapter({ type: 'postgres', ...config, schema: 'public' });
  const state = { afterId: null as number | null, lastId: null as number | null };
  try {
    const report = await runLoad(adapter, {
      schema,
      skipInvalid: options.skipInvalid,
      onProgress: options.onProgress,
      beforeRead: async (connection) => {
        await connection.query(
          `CREATE TABLE IF NOT EXISTS ${qualified(schema, TRACKER_STATE_TABLE)} (source text PRIMARY KEY, last_id bigint NOT NULL, updated_at timestamp NOT NULL)`,
        );
        const found = await connection.query<{ last_id: string }>(`SELECT last_id::text AS last_id FROM ${qualified(schema, TRACKER_STATE_TABLE)} WHERE source = $1`, [sourceKey]);
        state.afterId = found.rows[0] ? Number(found.rows[0].last_id) : null;
      },
      items: readTrackerStore(source, sourceTable, sourceKey, state),
      beforeCommit: async (connection: Connection) => {
        if (state.lastId === null) return;
        await connection.query(
          `INSERT INTO ${qualified(schema, TRACKER_STATE_TABLE)} (source, last_id, updated_at) VALUES ($1, $2, now() AT TIME ZONE 'UTC')
           ON CONFLICT (source) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at`,
          [sourceKey, state.lastId],
        );
      },
    });
    return { ...report, afterId: state.afterId, lastId: state.lastId ?? state.afterId };
  } finally {
    await source.close();
  }
}

async function* readTrackerStore(
  source: Adapter,
  table: string,
  sourceKey: string,
  state: { afterId: number | null; lastId: number | null },
): AsyncGenerator<InputItem[]> {
  const after = state.afterId ?? Number.MIN_SAFE_INTEGER;
  const sink = new PassThrough();
  const copying = source.copyTo(`COPY (SELECT id, sender_id, data FROM ${table} WHERE id > ${after} ORDER BY id) TO STDOUT`, sink);
  // The COPY fails on its own promise (wrong table, no permission); end the sink so the reader below stops.
  const failure = copying.then(
    () => null,
    (error: unknown) => {
      sink.end();
      return error;
    },
  );
  for await (const { lines } of readLines(sink)) {
    const batch: InputItem[] = [];
    for (const line of lines) {
      const [idText, senderText, dataText] = line.split('\t');
      const id = Number(idText);
      const sender = unescapeCopyText(senderText ?? '\\N');
      const data = unescapeCopyText(dataText ?? '\\N');
      state.lastId = id;
      const reject = (reason: string): InputItem => ({ kind: 'rejected', source: sourceKey, line: id, detail: `id ${id}`, reason, raw: cut(data ?? '') });
      if (sender === null || data === null) {
        batch.push(reject(sender === null ? 'row has no sender_id' : 'row has no data'));
        continue;
      }
      let event: unknown;
      try {
        event = parseJson(data);
      } catch (error) {
        batch.push(reject(`malformed JSON in data: ${(error as Error).message}`));
        continue;
      }
      if (!isPlainObject(event)) {
        batch.push(reject('data is not a JSON object'));
        continue;
      }
      batch.push({ kind: 'event', sender, event, source: sourceKey, line: id, detail: `id ${id}`, stream: `${sourceKey}\u0000${sender}`, order: id });
    }
    if (batch.length > 0) yield batch;
  }
  const error = await failure;
  if (error) {
    throw error instanceof ChatsemError
      ? error
      : new ChatsemError(`Could not read the tracker store table ${table}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads a libpq-style URL; the password stays out of every message (ChatsemError texts use host/db only). */
export function parsePostgresUrl(url: string): { host: string; port: number; user: string; password?: string; database: string; sslmode?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ChatsemError('The tracker store URL is not a valid URL.', { hint: 'Use postgres://user:password@host:5432/database' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ChatsemError(`The tracker store URL must start with postgres://, not ${parsed.protocol}//.`, { hint: 'Use postgres://user:password@host:5432/database' });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname || !database) {
    throw new ChatsemError('The tracker store URL needs a host and a database.', { hint: 'Use postgres://user:password@host:5432/database' });
  }
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    sslmode: parsed.searchParams.get('sslmode') ?? undefined,
  };
}
