/**
 * Acceptance (issue 6, criterion 1): the real Rasa exports of ../shared/data/rasa go through the package as a user
 * runs it — load, seed, test source:*, run, test — on PGlite and on PostgreSQL, every step exiting 0. And one real
 * conversation (Carbon bot, sender 2888158124550630) is sessionised independently in TypeScript
 * (reference-sessioniser.ts) and compared with the tables, down to every event's session and interaction.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/index.js';
import { postgresReachable, sharedRasaDataDir, uniqueName } from '../../src/test-support/databases.js';
import { openWorkspace, type PackageWorkspace, type WarehouseKind } from './package-harness.js';
import { readJsonLines, sessionCounts, sessionise } from './reference-sessioniser.js';

const dataDir = sharedRasaDataDir();
const postgres = await postgresReachable();
const CARBON_SENDER = '2888158124550630';

/** What the package author counted by hand for the Carbon conversation (issue 6). */
const HAND_COUNTED = {
  userMessages: [31, 2, 14, 1, 10, 16, 1, 0, 7, 8],
  botMessages: [49, 2, 20, 0, 15, 21, 0, 1, 7, 8],
  events: [231, 9, 94, 4, 80, 137, 5, 3, 47, 56],
  defaultFallback: [0, 0, 0, 0, 0, 0, 0, 0, 2, 2],
  nluFallback: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};

describe.skipIf(!dataDir)('the reference sessioniser reproduces the hand count of the Carbon conversation', () => {
  it('derives 10 sessions with the counted user/bot messages, events and fallbacks', () => {
    const events = readJsonLines(join(dataDir!, 'dlt-hub__dlt', `${CARBON_SENDER}_tracker.jsonl`));
    const counts = sessionCounts(sessionise(events.filter((e) => String(e.sender_id) === CARBON_SENDER)));
    expect(counts.map((s) => s.userMessages)).toEqual(HAND_COUNTED.userMessages);
    expect(counts.map((s) => s.botMessages)).toEqual(HAND_COUNTED.botMessages);
    expect(counts.map((s) => s.events)).toEqual(HAND_COUNTED.events);
    expect(counts.map((s) => s.defaultFallback)).toEqual(HAND_COUNTED.defaultFallback);
    expect(counts.map((s) => s.nluFallback)).toEqual(HAND_COUNTED.nluFallback);
  });
});

function realDataSuite(kind: WarehouseKind): void {
  let workspace: PackageWorkspace;
  const prefix = uniqueName('real').slice(0, 24);
  beforeAll(async () => {
    workspace = await openWorkspace(kind, 'full');
  });
  afterAll(async () => {
    if (!workspace) return;
    await workspace.dropPrefix(prefix);
    await workspace.close();
  });

  it('load, seed, test source:*, run and test all exit 0', async () => {
    for (const args of [['load', dataDir!], ['seed'], ['test', 'source:*'], ['run'], ['test']]) {
      const result = await workspace.chatsem(prefix, ...args);
      expect(result.code, `chatsem ${args.join(' ')} on ${kind}:\n${result.output}`).toBe(0);
    }
    const loads = await workspace.adapter.query<{ pending: string }>(
      `select count(*) as pending from (select load_id from "${prefix}_event"._loads where status = 0
                                         except select load_id from "${prefix}_event"._loads where status = 1) p`,
    );
    expect(Number(loads.rows[0]!.pending)).toBe(0);
  }, 120_000);

  it('the Carbon conversation matches the reference sessioniser, event by event and session by session', async () => {
    const adapter: Adapter = workspace.adapter;
    const tracker = readJsonLines(join(dataDir!, 'dlt-hub__dlt', `${CARBON_SENDER}_tracker.jsonl`));
    const expected = sessionise(tracker);

    const sequence = await adapter.query<{ event_type: string; value: string | null; session_nr: number; interaction_nr: number }>(
      `select event_type, value, session_nr, interaction_nr from "${prefix}_views".event_sequence
        where sender_id = $1 order by event_nr`,
      [CARBON_SENDER],
    );
    const actual = sequence.rows.map((r) => `${r.event_type} ${Number(r.session_nr)}/${Number(r.interaction_nr)}`);
    const reference = expected.map((p) => `${p.event.event} ${p.sessionNr}/${p.interactionNr}`);
    expect(actual).toEqual(reference);

    const sessions = await adapter.query<Record<string, string | number>>(
      `select s.session_nr, s.interactions_count, s.bot_messages_count, s.events_count, s.default_fallback_count,
              s.nlu_fallback_count, (select count(*) from "${prefix}_views".interactions i
                                      where i.sender_id = s.sender_id and i.session_nr = s.session_nr) as interaction_rows
         from "${prefix}_views".sessions s where s.sender_id = $1 order by s.session_nr`,
      [CARBON_SENDER],
    );
    const fromTables = sessions.rows.map((r) => ({
      sessionNr: Number(r.session_nr),
      userMessages: Number(r.interactions_count),
      botMessages: Number(r.bot_messages_count),
      events: Number(r.events_count),
      defaultFallback: Number(r.default_fallback_count),
      nluFallback: Number(r.nlu_fallback_count),
      interactions: Number(r.interaction_rows),
    }));
    expect(fromTables).toEqual(sessionCounts(expected));

    const conversation = await adapter.query<{ sessions_count: string }>(
      `select sessions_count from "${prefix}_views".conversations where conversation_id = $1`,
      [CARBON_SENDER],
    );
    expect(Number(conversation.rows[0]?.sessions_count)).toBe(10);
  }, 120_000);
}

describe.skipIf(!dataDir)('real Rasa exports on PGlite', () => {
  realDataSuite('pglite');
});

describe.skipIf(!dataDir || !postgres)('real Rasa exports on PostgreSQL', () => {
  realDataSuite('postgres');
});
