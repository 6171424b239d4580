import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../adapters/index.js';
import { ChatsemError } from '../core/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { loadEvents } from './index.js';

const postgresUp = await postgresReachable();

function openAdapter(kind: 'pglite' | 'postgres'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  const url = new URL(postgresTestUrl());
  return createAdapter({ type: 'postgres', host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1), schema: 'public' });
}

const good = (n: number): string => JSON.stringify({ sender_id: 'alice', event: 'action', timestamp: 1700000000 + n, name: 'action_listen' });

const cases: { name: string; line: string; reason: RegExp }[] = [
  { name: 'malformed JSON', line: '{"sender_id": "alice", "event": "user", "timestamp": 1700000000.5, "text": "hi"', reason: /malformed JSON/ },
  { name: 'an event without "event"', line: '{"sender_id": "alice", "timestamp": 1700000000.5, "text": "hi"}', reason: /no "event" key/ },
  { name: 'an event without "timestamp"', line: '{"sender_id": "alice", "event": "user", "text": "hi"}', reason: /has no "timestamp"/ },
  { name: 'a non-numeric timestamp', line: '{"sender_id": "alice", "event": "user", "timestamp": "yesterday", "text": "hi"}', reason: /non-numeric timestamp "yesterday"/ },
  { name: 'a NUL byte in text', line: '{"sender_id": "alice", "event": "user", "timestamp": 1700000000.5, "text": "a\\u0000b"}', reason: /NUL byte in text/ },
];

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`bad input in ${kind}`, () => {
    let adapter: Adapter;
    const temp = makeTempDir();
    const prefixes: string[] = [];

    beforeAll(async () => {
      adapter = await openAdapter(kind);
    });
    afterAll(async () => {
      for (const prefix of prefixes) await adapter.query(`drop schema if exists "${prefix}_event" cascade`);
      await adapter.close();
      temp.remove();
    });

    for (const testCase of cases) {
      it(`${testCase.name}: fails naming file, line and reason and writes nothing`, async () => {
        const file = join(temp.path, `${uniqueName('bad')}.jsonl`);
        writeFileSync(file, [good(1), testCase.line, good(3)].join('\n'));
        const prefix = uniqueName('bad');
        prefixes.push(prefix);
        const error = await loadEvents(adapter, { inputs: [file], prefix, skipInvalid: false }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ChatsemError);
        expect((error as ChatsemError).message).toContain(`${file}:2: `);
        expect((error as ChatsemError).message).toMatch(testCase.reason);
        expect((error as ChatsemError).location).toEqual({ file, line: 2 });
        // The schema is created inside the load's transaction: nothing at all survives the failure.
        const schemas = await adapter.query(`select 1 from information_schema.schemata where schema_name = $1`, [`${prefix}_event`]);
        expect(schemas.rows).toEqual([]);
      });

      it(`${testCase.name}: with skipInvalid stores it in _rejected_events and loads the rest`, async () => {
        const file = join(temp.path, `${uniqueName('bad')}.jsonl`);
        writeFileSync(file, [good(1), testCase.line, good(3)].join('\n'));
        const prefix = uniqueName('bad');
        prefixes.push(prefix);
        const report = await loadEvents(adapter, { inputs: [file], prefix, skipInvalid: true });
        expect(report).toMatchObject({ read: 3, inserted: 2, rejected: 1, alreadyPresent: 0 });
        const rejected = await adapter.query<{ _load_id: string; source: string; line: string; reason: string; raw: string; has_time: boolean }>(
          `select _load_id, source, line::text, reason, raw, inserted_at is not null as has_time from "${prefix}_event"._rejected_events`,
        );
        expect(rejected.rows).toHaveLength(1);
        expect(rejected.rows[0]).toMatchObject({ _load_id: report.loadId, source: file, line: '2', has_time: true });
        expect(rejected.rows[0]!.reason).toMatch(testCase.reason);
        expect(rejected.rows[0]!.raw).toContain('alice');
        const events = await adapter.query<{ n: string }>(`select count(*)::text as n from "${prefix}_event".event`);
        expect(events.rows[0]!.n).toBe('2');
      });
    }
  });
}
