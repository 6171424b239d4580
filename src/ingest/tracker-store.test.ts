import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { loadFromTrackerStore } from './index.js';
import { parsePostgresUrl } from './tracker-store.js';

const postgresUp = await postgresReachable();

describe.skipIf(!postgresUp)('loading from a Rasa SQLTrackerStore (PostgreSQL)', () => {
  let adapter: Adapter;
  const store = uniqueName('rasa_store');
  const prefix = uniqueName('ts');
  let nextId = 1;

  /** Rows as Rasa's SQLTrackerStore writes them: data is the event's JSON without sender_id; ids not in order. */
  async function insertEvents(sender: string, events: Record<string, unknown>[]): Promise<void> {
    for (const event of events) {
      const parse = event.parse_data as { intent?: { name?: string } } | undefined;
      await adapter.query(
        `insert into "${store}".events (id, sender_id, type_name, timestamp, intent_name, action_name, data) values ($1, $2, $3, $4, $5, $6, $7)`,
        [nextId++, sender, event.event, event.timestamp, parse?.intent?.name ?? null, (event.name as string | undefined) ?? null, JSON.stringify(event)],
      );
    }
  }

  beforeAll(async () => {
    const url = parsePostgresUrl(postgresTestUrl());
    adapter = await createAdapter({ type: 'postgres', ...url, schema: 'public' });
    await adapter.query(`create schema "${store}"`);
    await adapter.query(
      `create table "${store}".events (id integer primary key, sender_id varchar(255) not null, type_name varchar(255) not null,
         timestamp float, intent_name varchar(255), action_name varchar(255), data text)`,
    );
  });
  afterAll(async () => {
    await adapter.query(`drop schema if exists "${store}" cascade`);
    await adapter.query(`drop schema if exists "${prefix}_event" cascade`);
    await adapter.close();
  });

  it('loads the events table and later only the rows added since', async () => {
    const ts = 1700000000.5;
    await insertEvents('s1', [
      { event: 'action', timestamp: ts, name: 'action_session_start', policy: null, confidence: 1, metadata: { model_id: 'm1' } },
      { event: 'session_started', timestamp: ts, metadata: { model_id: 'm1' } },
      { event: 'action', timestamp: ts, name: 'action_listen', policy: null, confidence: null },
    ]);
    await insertEvents('s2', [{ event: 'user', timestamp: ts + 1, text: 'hi\tthere\\n', parse_data: { intent: { name: 'greet', confidence: 0.9 } }, metadata: {} }]);
    const options = { url: postgresTestUrl(), table: `${store}.events`, prefix, skipInvalid: false };
    const first = await loadFromTrackerStore(adapter, options);
    expect(first).toMatchObject({ read: 4, inserted: 4, afterId: null, lastId: 4 });
    const schema = `${prefix}_event`;
    const ordered = await adapter.query<{ event: string; model_id: string | null; order: string }>(
      `select event, model_id, _event_order::text as order from "${schema}".event where sender_id = 's1' order by _event_order`,
    );
    expect(ordered.rows).toEqual([
      { event: 'action', model_id: 'm1', order: '1' },
      { event: 'session_started', model_id: 'm1', order: '2' },
      { event: 'action', model_id: null, order: '3' },
    ]);
    expect((await adapter.query(`select text from "${schema}".event_user`)).rows).toEqual([{ text: 'hi\tthere\\n' }]);

    const none = await loadFromTrackerStore(adapter, options);
    expect(none).toMatchObject({ read: 0, inserted: 0, afterId: 4, lastId: 4, recorded: false });

    await insertEvents('s1', [{ event: 'user', timestamp: ts + 60, text: 'back again', parse_data: { intent: { name: 'greet', confidence: 0.8 } }, metadata: {} }]);
    const later = await loadFromTrackerStore(adapter, options);
    expect(later).toMatchObject({ read: 1, inserted: 1, afterId: 4, lastId: 5 });
    expect((await adapter.query(`select count(*)::int as n from "${schema}".event`)).rows).toEqual([{ n: 5 }]);
  });

  it('fails with a clear message for a missing table and keeps the URL password out of it', async () => {
    const url = new URL(postgresTestUrl());
    url.password = 'sekret';
    const error = await loadFromTrackerStore(adapter, { url: url.toString(), table: `${store}.nope`, prefix, skipInvalid: false }).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/nope/);
    expect((error as Error).message).not.toContain('sekret');
  });
});
