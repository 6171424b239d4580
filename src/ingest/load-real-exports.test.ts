import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../adapters/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, sharedRasaDataDir, uniqueName } from '../test-support/databases.js';
import { loadEvents } from './index.js';
import { eventTableName } from './naming.js';

const dataDir = sharedRasaDataDir();
const postgresUp = await postgresReachable();

function openAdapter(kind: 'pglite' | 'postgres'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  const url = new URL(postgresTestUrl());
  return createAdapter({
    type: 'postgres',
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.slice(1),
    schema: 'public',
  });
}

/** Expected events per type, counted straight from the files, independently of the loader's readers. */
function expectedCounts(dir: string): { byType: Record<string, number>; total: number; users: number; entities: number; ranking: number } {
  const events: Record<string, unknown>[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, name.name);
      if (name.isDirectory()) walk(full);
      else if (name.name.endsWith('.jsonl')) {
        for (const line of readFileSync(full, 'utf8').split('\n')) if (line.trim()) events.push(JSON.parse(line));
      } else if (name.name.endsWith('.json')) {
        const parsed = JSON.parse(readFileSync(full, 'utf8')) as unknown;
        for (const record of Array.isArray(parsed) ? parsed : [parsed]) {
          const doc = record as { tracker?: { events: Record<string, unknown>[] }; events?: Record<string, unknown>[] };
          if (doc.tracker) events.push(...doc.tracker.events);
          else if (doc.events) events.push(...doc.events);
          else events.push(record as Record<string, unknown>);
        }
      }
    }
  };
  walk(dir);
  const byType: Record<string, number> = {};
  let entities = 0;
  let ranking = 0;
  for (const event of events) {
    const type = event.event as string;
    byType[type] = (byType[type] ?? 0) + 1;
    const parse = event.parse_data as { entities?: unknown[]; intent_ranking?: unknown[] } | undefined;
    entities += parse?.entities?.length ?? 0;
    ranking += parse?.intent_ranking?.length ?? 0;
  }
  return { byType, total: events.length, users: byType.user ?? 0, entities, ranking };
}

async function count(adapter: Adapter, schema: string, table: string): Promise<number> {
  const result = await adapter.query<{ n: string }>(`select count(*)::text as n from "${schema}"."${table}"`);
  return Number(result.rows[0]!.n);
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(!dataDir || (kind === 'postgres' && !postgresUp))(`loading the real Rasa exports into ${kind}`, () => {
    let adapter: Adapter;
    const prefixes: string[] = [];
    const newPrefix = (): string => {
      const prefix = uniqueName('rasa');
      prefixes.push(prefix);
      return prefix;
    };

    beforeAll(async () => {
      adapter = await openAdapter(kind);
    });
    afterAll(async () => {
      for (const prefix of prefixes) await adapter.query(`drop schema if exists "${prefix}_event" cascade`);
      await adapter.close();
    });

    it('loads every file and matches the files event for event, per table', async () => {
      const expected = expectedCounts(dataDir!);
      const prefix = newPrefix();
      const schema = `${prefix}_event`;
      const report = await loadEvents(adapter, { inputs: [dataDir!], prefix, skipInvalid: false });
      expect(report).toMatchObject({ read: expected.total, inserted: expected.total, alreadyPresent: 0, rejected: 0, recorded: true });
      expect(await count(adapter, schema, 'event')).toBe(expected.total);
      const perType = await adapter.query<{ event: string; n: string }>(`select event, count(*)::text as n from "${schema}".event group by event`);
      expect(Object.fromEntries(perType.rows.map((row) => [row.event, Number(row.n)]))).toEqual(expected.byType);
      for (const [type, n] of Object.entries(expected.byType)) {
        expect(await count(adapter, schema, eventTableName(type))).toBe(n);
        expect(report.tables[eventTableName(type)]).toBe(n);
      }
      expect(await count(adapter, schema, 'event_user__parse_data__entities')).toBe(expected.entities);
      expect(await count(adapter, schema, 'event_user__parse_data__intent_ranking')).toBe(expected.ranking);
      const loads = await adapter.query<{ load_id: string; status: string }>(`select load_id, status::text from "${schema}"._loads`);
      expect(loads.rows).toEqual([{ load_id: report.loadId, status: '0' }]);
      expect(report.loadId).toMatch(/^\d{10}\.\d{6}$/);
      expect(await count(adapter, schema, '_version')).toBe(1);
    });

    it('keeps the values: timestamps, typed columns, exact int64 ids, huge metadata, order of tied events', async () => {
      const prefix = newPrefix();
      const schema = `${prefix}_event`;
      await loadEvents(adapter, { inputs: [dataDir!], prefix, skipInvalid: false });
      const user = await adapter.query<Record<string, unknown>>(
        `select sender_id, to_char("timestamp", 'YYYY-MM-DD HH24:MI:SS.US') as ts, text, parse_data__intent__name, parse_data__intent__confidence,
                parse_data__intent__id::text as intent_id, input_channel, message_id, model_id, _event_order
           from "${schema}".event_user where message_id = '8883f362187a406dbd7ba97a3eb154eb'`,
      );
      expect(user.rows).toEqual([
        {
          sender_id: '0a1c8e14dce44134bf6138f5a86ebc3f',
          ts: '2021-09-20 09:52:58.338293',
          text: 'co sie stalo z tym?',
          parse_data__intent__name: 'user_confused',
          parse_data__intent__confidence: 0.2885022759,
          intent_id: '2674161170217088760',
          input_channel: expect.any(String),
          message_id: '8883f362187a406dbd7ba97a3eb154eb',
          model_id: expect.any(String),
          _event_order: expect.anything(),
        },
      ]);
      const types = await adapter.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = 'event_action'
          and column_name in ('confidence', 'name', 'hide_rule_turn', 'timestamp', '_event_order')`,
        [schema],
      );
      expect(Object.fromEntries(types.rows.map((row) => [row.column_name, row.data_type]))).toEqual({
        confidence: 'double precision',
        name: 'text',
        hide_rule_turn: 'boolean',
        timestamp: 'timestamp without time zone',
        _event_order: 'bigint',
      });
      // The 128 KB bot metadata: flattened where shallow, its lists in child tables, nothing dropped.
      const bot = await adapter.query<{ utter: string; currency: string }>(
        `select metadata__utter_action as utter, metadata__currency as currency from "${schema}".event_bot where sender_id = '6d7b55db8b3c47d491e39d5b82ea99b2'`,
      );
      expect(bot.rows).toEqual([{ utter: 'utter_please_rephrase', currency: '$' }]);
      expect(await count(adapter, schema, 'event_bot__metadata__known_recipients')).toBe(8);
      // Botfront trackers hold events in source order; _event_order keeps it where timestamps tie.
      const order = await adapter.query<{ event: string; _event_order: string }>(
        `select event, _event_order::text from "${schema}".event where sender_id = '785b97bc8fef492cb6d6cd808d30b360' order by _event_order`,
      );
      expect(order.rows.map((row) => row.event)).toEqual(['session_started', 'action', 'session_started', 'action', 'user', 'action', 'bot', 'action']);
      expect(order.rows.map((row) => Number(row._event_order))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('adds nothing when the same exports are loaded again', async () => {
      const prefix = newPrefix();
      const schema = `${prefix}_event`;
      const first = await loadEvents(adapter, { inputs: [dataDir!], prefix, skipInvalid: false });
      const again = await loadEvents(adapter, { inputs: [dataDir!], prefix, skipInvalid: false });
      expect(again).toMatchObject({ read: first.read, inserted: 0, alreadyPresent: first.read, rejected: 0, recorded: false });
      expect(await count(adapter, schema, 'event')).toBe(first.inserted);
      expect(await count(adapter, schema, 'event_user__parse_data__intent_ranking')).toBe(first.tables.event_user__parse_data__intent_ranking);
      expect(await count(adapter, schema, '_loads')).toBe(1);
    });

    it('adds only the new events of a later cumulative export', async () => {
      const temp = makeTempDir();
      try {
        const lines = readFileSync(join(dataDir!, 'dlt-hub__dlt', '2888158124550630_tracker.jsonl'), 'utf8').trimEnd().split('\n');
        const early = join(temp.path, 'export-2020.jsonl');
        writeFileSync(early, `${lines.slice(0, 400).join('\n')}\n`);
        const prefix = newPrefix();
        const schema = `${prefix}_event`;
        expect((await loadEvents(adapter, { inputs: [early], prefix, skipInvalid: false })).inserted).toBe(400);
        const full = await loadEvents(adapter, { inputs: [join(dataDir!, 'dlt-hub__dlt', '2888158124550630_tracker.jsonl')], prefix, skipInvalid: false });
        expect(full).toMatchObject({ read: lines.length, inserted: lines.length - 400, alreadyPresent: 400 });
        expect(await count(adapter, schema, 'event')).toBe(lines.length);
        expect(await count(adapter, schema, '_loads')).toBe(2);
        // Both exports in one invocation: the overlap is recognised inside the load too.
        const both = newPrefix();
        const report = await loadEvents(adapter, { inputs: [early, join(dataDir!, 'dlt-hub__dlt', '2888158124550630_tracker.jsonl')], prefix: both, skipInvalid: false });
        expect(report).toMatchObject({ read: lines.length + 400, inserted: lines.length, alreadyPresent: 400 });
        expect(await count(adapter, `${both}_event`, 'event_user')).toBe(90);
      } finally {
        temp.remove();
      }
    });

    // PGlite has one session per process, so only PostgreSQL can run two loads at once.
    if (kind === 'postgres') it('two loads of the same export at once add it once (advisory lock per prefix)', async () => {
      const prefix = newPrefix();
      const file = join(dataDir!, 'dlt-hub__dlt', '8629c904-0c26-4f0b-927b-14d48db43c28_tracker.jsonl');
      const second = await openAdapter('postgres');
      try {
        const reports = await Promise.all([
          loadEvents(adapter, { inputs: [file], prefix, skipInvalid: false }),
          loadEvents(second, { inputs: [file], prefix, skipInvalid: false }),
        ]);
        expect(reports.map((report) => report.inserted).sort((a, b) => a - b)).toEqual([0, 348]);
        expect(await count(adapter, `${prefix}_event`, 'event')).toBe(348);
      } finally {
        await second.close();
      }
    });
  });
}
