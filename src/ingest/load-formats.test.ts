import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../adapters/index.js';
import { ChatsemError } from '../core/index.js';
import { makeTempDir, uniqueName } from '../test-support/databases.js';
import { loadEvents, type LoadEventsOptions } from './index.js';

const user = (n: number, text = `hello ${n}`): Record<string, unknown> => ({
  event: 'user',
  timestamp: 1700000000 + n,
  text,
  parse_data: { intent: { name: 'greet', confidence: 0.9 }, entities: [], intent_ranking: [{ name: 'greet', confidence: 0.9 }] },
  input_channel: 'webchat',
  message_id: `m${n}`,
  metadata: {},
});
const action = (n: number, name = 'action_listen'): Record<string, unknown> => ({ event: 'action', timestamp: 1700000000 + n, name, policy: null, confidence: 1 });

describe('input formats and unpacking (PGlite)', () => {
  let adapter: Adapter;
  const temp = makeTempDir();
  const file = (name: string, content: string | Buffer): string => {
    const path = join(temp.path, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  const load = async (options: Partial<LoadEventsOptions> & { inputs: string[] }) => {
    const prefix = uniqueName('fmt');
    const report = await loadEvents(adapter, { prefix, skipInvalid: false, ...options });
    return { report, schema: `${prefix}_event`, prefix };
  };
  const rows = async <T = Record<string, unknown>>(sql: string): Promise<T[]> => (await adapter.query<T>(sql)).rows;

  beforeAll(async () => {
    adapter = await createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  });
  afterAll(async () => {
    await adapter.close();
    temp.remove();
  });

  it('reads tracker dumps, Dialogues, arrays of events or trackers, pretty or minified', async () => {
    const tracker = file('tracker.json', JSON.stringify({ sender_id: 't1', slots: {}, events: [action(0), user(1), action(2)] }, null, 2));
    const dialogue = file('dialogue.json', JSON.stringify({ name: 't2', events: [action(0), user(1)] }));
    const events = file('events.json', JSON.stringify([{ sender_id: 't3', ...action(0) }, { sender_id: 't3', ...user(1) }], null, 4));
    const trackers = file('trackers.json', JSON.stringify([{ sender_id: 't4', events: [user(1)] }, { sender_id: 't5', events: [user(2), action(3)] }]));
    const { report, schema } = await load({ inputs: [tracker, dialogue, events, trackers] });
    expect(report).toMatchObject({ read: 10, inserted: 10 });
    expect(await rows(`select sender_id, count(*)::int as n from "${schema}".event group by 1 order by 1`)).toEqual([
      { sender_id: 't1', n: 3 },
      { sender_id: 't2', n: 2 },
      { sender_id: 't3', n: 2 },
      { sender_id: 't4', n: 1 },
      { sender_id: 't5', n: 2 },
    ]);
  });

  it('reads gzip whatever the name, directories recursively, and stdin', async () => {
    const jsonl = (sender: string): string => `${[action(0), user(1)].map((event) => JSON.stringify({ sender_id: sender, ...event })).join('\n')}\n`;
    file('dir/a.jsonl', jsonl('a'));
    file('dir/nested/b.log', gzipSync(jsonl('b')));
    file('dir/nested/README.md', 'not events');
    const { report, schema } = await load({ inputs: [join(temp.path, 'dir'), '-'], stdin: Readable.from([jsonl('c')]) });
    expect(report).toMatchObject({ read: 6, inserted: 6 });
    expect(await rows(`select distinct sender_id from "${schema}".event order by 1`)).toEqual([{ sender_id: 'a' }, { sender_id: 'b' }, { sender_id: 'c' }]);
  });

  it('--format narrows what is accepted', async () => {
    const events = file('plain.jsonl', `${JSON.stringify({ sender_id: 'x', ...user(1) })}\n`);
    await expect(load({ inputs: [events], format: 'tracker' })).rejects.toThrow(/expected a tracker/);
    const { report } = await load({ inputs: [events], format: 'jsonl' });
    expect(report.inserted).toBe(1);
  });

  it('maps legacy types, keeps unknown types in their own table, splits conflicting types into variants', async () => {
    const path = file(
      'mixed.jsonl',
      [
        { sender_id: 's', event: 'form', timestamp: 1, name: 'booking_form' },
        { sender_id: 's', event: 'form_validation', timestamp: 2, validate: false },
        { sender_id: 's', event: 'MyCustomThing', timestamp: 3, payload: { size: 3 } },
        { sender_id: 's', event: 'action', timestamp: 4, name: 'a', metadata: { score_x: 5 } },
        { sender_id: 's', event: 'action', timestamp: 5, name: 'b', metadata: { score_x: 'high' } },
      ]
        .map((event) => JSON.stringify(event))
        .join('\n'),
    );
    const { schema } = await load({ inputs: [path] });
    expect(await rows(`select event, name from "${schema}".event_active_loop`)).toEqual([{ event: 'active_loop', name: 'booking_form' }]);
    expect(await rows(`select event, is_interrupted from "${schema}".event_loop_interrupted`)).toEqual([{ event: 'loop_interrupted', is_interrupted: true }]);
    expect(await rows(`select event, payload__size::int as payload__size from "${schema}".event_my_custom_thing`)).toEqual([{ event: 'MyCustomThing', payload__size: 3 }]);
    expect(await rows(`select name, metadata__score_x::text as n, metadata__score_x__v_text as t from "${schema}".event_action order by name`)).toEqual([
      { name: 'a', n: '5', t: null },
      { name: 'b', n: null, t: 'high' },
    ]);
  });

  it('adds columns for new keys on a later load and stores slot values as text, objects also unpacked', async () => {
    const first = file('slots1.jsonl', JSON.stringify({ sender_id: 's', event: 'slot', timestamp: 1, name: 'n', value: 5 }));
    const { prefix, schema } = await load({ inputs: [first] });
    const second = file(
      'slots2.jsonl',
      [
        { sender_id: 's', event: 'slot', timestamp: 2, name: 'o', value: { city: 'Berlin', days: 3 } },
        { sender_id: 's', event: 'slot', timestamp: 3, name: 'l', value: ['a', 'b'] },
        { sender_id: 's', event: 'slot', timestamp: 4, name: 'b', value: true },
        { sender_id: 's', event: 'slot', timestamp: 5, name: 'z', value: null },
      ]
        .map((event) => JSON.stringify(event))
        .join('\n'),
    );
    const report = await loadEvents(adapter, { inputs: [second], prefix, skipInvalid: false });
    expect(report.inserted).toBe(4);
    expect(await rows(`select name, value, value__city, value__days::int as value__days from "${schema}".event_slot order by timestamp`)).toEqual([
      { name: 'n', value: '5', value__city: null, value__days: null },
      { name: 'o', value: '{"city":"Berlin","days":3}', value__city: 'Berlin', value__days: 3 },
      { name: 'l', value: '["a","b"]', value__city: null, value__days: null },
      { name: 'b', value: 'true', value__city: null, value__days: null },
      { name: 'z', value: null, value__city: null, value__days: null },
    ]);
  });

  it('keeps identical events of one tracker as separate rows, and still loads them only once', async () => {
    const twin = { event: 'action', timestamp: 1700000000.25, name: 'action_listen', policy: null, confidence: null };
    const path = file('twins.json', JSON.stringify({ sender_id: 'twins', events: [twin, twin, user(5)] }));
    const { prefix, schema } = await load({ inputs: [path] });
    expect(await rows(`select count(distinct _record_hash)::int as n from "${schema}".event`)).toEqual([{ n: 3 }]);
    const again = await loadEvents(adapter, { inputs: [path, path], prefix, skipInvalid: false });
    expect(again).toMatchObject({ read: 6, inserted: 0, alreadyPresent: 6 });
  });

  it('stores what is nested deeper than the depth limit as JSON text, lists of lists via __list', async () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    const path = file('deep.jsonl', JSON.stringify({ sender_id: 'd', ...user(1), metadata: deep, parse_data: { text_tokens: [[0, 2], [3, 5]] } }));
    const { schema } = await load({ inputs: [path] });
    expect(await rows(`select metadata__a__b__c__d as d from "${schema}".event_user`)).toEqual([{ d: '{"e":{"f":1}}' }]);
    expect(await rows(`select _pos::int as pos, value::int as value from "${schema}".event_user__parse_data__text_tokens__list order by _parent_hash, _pos`)).toHaveLength(4);
  });

  it('rejects a bad prefix before touching the database', async () => {
    await expect(loadEvents(adapter, { inputs: [temp.path], prefix: 'Bad-Prefix', skipInvalid: false })).rejects.toBeInstanceOf(ChatsemError);
    await expect(loadEvents(adapter, { inputs: [temp.path], prefix: 'a'.repeat(41), skipInvalid: false })).rejects.toThrow(/limit is 40/);
    await expect(loadEvents(adapter, { inputs: [join(temp.path, 'missing.jsonl')], prefix: 'ok', skipInvalid: false })).rejects.toThrow(/does not exist/);
  });
});
