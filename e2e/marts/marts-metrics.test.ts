/**
 * Acceptance of the KPI marts (issue 7), on PGlite and PostgreSQL: a small generated dataset arrives in three
 * loads with a `chatsem run` after each (conversations and days cross load boundaries); then
 * - every fact, dimension and metric equals what TypeScript computes from the generated events (oracle-*.ts);
 * - a `--full-refresh` leaves every mart table exactly as the incremental runs built it;
 * - `chatsem export --select tag:star` / `tag:snowflake` write one CSV per table that loads back with the same rows.
 */
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderEvent } from '../../src/ingest/index.js';
import { defaultSynthConfig, generateEvents, splitIntoLoads, type SynthConfig } from '../../src/synth/index.js';
import { makeTempDir, postgresReachable, uniqueName } from '../../src/test-support/databases.js';
import { MART_TABLES, canonical, differences, openMartsWorkspace, type MartsWorkspace, type WarehouseKind } from './marts-harness.js';
import { expectedIdleTime, expectedLongSessions, expectedPeakTraffic, expectedQualityByChannel } from './oracle-analyses.js';
import { expectedKpiDaily, expectedKpiDailyChannel, expectedKpiExecutive, expectedSessionsDaily, expectedTop, expectedUserAttributes } from './oracle-kpis.js';
import { type ExpectedSession, expectedFacts, intentCategory, readIntentLists, DEFAULT_ORACLE_OPTIONS } from './oracle-sessions.js';

const pgReachable = await postgresReachable();

// Two days in three loads: load windows cut days in the middle, so a later load changes days already built.
const config: SynthConfig = { ...defaultSynthConfig, seed: 8, sessions: 48, users: 12, days: 2, start: '2024-06-29T00:00:00Z' };
const TOP_N = 4;

for (const kind of ['pglite', 'postgres'] as WarehouseKind[]) {
  describe.skipIf(kind === 'postgres' && !pgReachable)(`KPI marts on ${kind}`, () => {
    let workspace: MartsWorkspace;
    const prefix = uniqueName('mk');
    const vars = { source_schema_prefix: prefix, user_id: 'metadata__user_id', kpi_top_n: TOP_N };
    const events: SenderEvent[] = [...generateEvents(config)];
    const lists = readIntentLists();
    const { sessions, messages } = expectedFacts(events, lists);
    let incremental: Map<string, string[]>;

    it('uses a dataset where loads split sessions and days', () => {
      const origin = Date.parse(config.start) / 1000;
      const windowOf = (t: number): number => Math.min(2, Math.floor(((t - origin) / (config.days * 86400)) * 3));
      expect(sessions.filter((s) => windowOf(s.started_at) !== windowOf(s.ended_at)).length).toBeGreaterThan(0);
      const loadsPerDay = new Map<number, Set<number>>();
      for (const s of sessions) loadsPerDay.set(s.date_sk, new Set([...(loadsPerDay.get(s.date_sk) ?? []), windowOf(s.started_at)]));
      expect([...loadsPerDay.values()].some((loads) => loads.size > 1)).toBe(true);
    });

    beforeAll(async () => {
      workspace = await openMartsWorkspace(kind);
      expect((await workspace.chatsem(vars, 'seed')).code).toBe(0);
      for (const [i, part] of splitIntoLoads(config, 3).entries()) {
        await workspace.load(prefix, part);
        const run = await workspace.chatsem(vars, 'run');
        expect(run.code, `run after load ${i + 1}:\n${run.output}`).toBe(0);
      }
      incremental = await snapshotMarts(workspace, prefix);
    });

    afterAll(async () => {
      await workspace?.dropPrefix(prefix);
      await workspace?.close();
    });

    it('builds facts whose every column matches the generated events', async () => {
      expect(sessions.length).toBeGreaterThan(40);
      expect(new Set(sessions.map((s) => s.status))).toEqual(new Set(['completed', 'abandoned', 'escalated', 'bounced']));
      const factRows = await workspace.rows(prefix, 'marts', 'fact_sessions');
      expect(differences('fact_sessions', factRows, sessions.map(factColumns), ['session_id'])).toEqual([]);

      const actualMessages = (await workspace.rows(prefix, 'marts', 'fact_messages')).sort(
        (a, b) => String(a.session_id).localeCompare(String(b.session_id)) || Number(a.event_nr) - Number(b.event_nr),
      );
      const expectedMessages = [...messages].sort((a, b) => a.session_id.localeCompare(b.session_id)); // stable: event order
      expect(actualMessages.length).toBe(expectedMessages.length);
      const problems = expectedMessages.flatMap((want, i) => differences(`fact_messages #${i}`, [actualMessages[i]!], [want], ['session_id']));
      expect(problems.slice(0, 10)).toEqual([]);
    });

    it('computes the daily, per-channel and executive KPIs as TypeScript does', async () => {
      const daily = await workspace.rows(prefix, 'marts', 'kpi_daily');
      expect(daily.length).toBeGreaterThanOrEqual(2);
      expect(differences('kpi_daily', daily, expectedKpiDaily(sessions), ['date_sk'])).toEqual([]);
      expect(differences('kpi_daily_channel', await workspace.rows(prefix, 'marts', 'kpi_daily_channel'), expectedKpiDailyChannel(sessions), ['date_sk', 'channel'])).toEqual([]);
      expect(differences('sessions_daily', await workspace.rows(prefix, 'marts', 'sessions_daily'), expectedSessionsDaily(sessions), ['date_sk', 'status', 'intent_category'])).toEqual([]);
      const executive = expectedKpiExecutive(sessions, 7);
      // 2024-06-30 with the financial year starting in July: FY2024 began 2023-07-01.
      expect(executive.find((r) => r.period === 'fiscal_year_to_date')?.period_start_date_sk).toBe(20230701);
      expect(differences('kpi_executive', await workspace.rows(prefix, 'marts', 'kpi_executive'), executive, ['period'])).toEqual([]);
    });

    it('honours kpi_reference_date, fiscal_year_start_month, the latency cap and the QoE weights', async () => {
      const options = { ...DEFAULT_ORACLE_OPTIONS, latencyCapPercentile: 0.5, latencySlaMs: 900, qoeWeights: [1, 0, 0, 1] as [number, number, number, number] };
      const tuned = { ...vars, kpi_reference_date: '2024-06-29', fiscal_year_start_month: 6, latency_cap_percentile: 0.5, latency_sla_ms: 900, qoe_weights: { latency: 1, errors: 0, resolution: 0, sentiment: 1 } };
      // A run with no pending loads does nothing, so the table is rebuilt with --full-refresh (it is a plain table).
      const run = await workspace.chatsem(tuned, 'run', '--select', 'kpi_executive', '--full-refresh');
      expect(run.code, run.output).toBe(0);
      const tunedFacts = expectedFacts(events, lists, options).sessions;
      const executive = expectedKpiExecutive(tunedFacts, 6, 20240629, options);
      expect(executive.map((r) => [r.period, r.period_start_date_sk])).toEqual([
        ['today', 20240629],
        ['month_to_date', 20240601],
        ['fiscal_year_to_date', 20240601],
      ]);
      expect(differences('kpi_executive', await workspace.rows(prefix, 'marts', 'kpi_executive'), executive, ['period'])).toEqual([]);
      expect((await workspace.chatsem(vars, 'run', '--select', 'kpi_executive', '--full-refresh')).code).toBe(0);
    });

    it('builds the dimensions and top lists from the same sessions', async () => {
      const users = await workspace.rows(prefix, 'marts', 'dim_users');
      expect(differences('dim_users', users, expectedUserAttributes(sessions), ['user_id'])).toEqual([]);
      expect(new Set(users.map((u) => u.user_id)).size).toBe(users.length);
      for (const column of ['intent_name', 'device', 'country'] as const) {
        const table = { intent_name: 'kpi_top_intents', device: 'kpi_top_devices', country: 'kpi_top_countries' }[column];
        expect(differences(table, await workspace.rows(prefix, 'marts', table), expectedTop(sessions, column, TOP_N), ['popularity_rank'])).toEqual([]);
      }
      const channels = (await workspace.rows(prefix, 'marts', 'dim_channels')).map((r) => r.channel).sort();
      expect(channels).toEqual([...new Set(sessions.map((s) => s.channel))].sort());
      const intents = await workspace.rows(prefix, 'marts', 'dim_intents');
      for (const name of new Set(messages.filter((m) => m.sender_type === 'user').map((m) => m.intent_name))) {
        const row = intents.find((r) => r.intent_name === name);
        expect(row?.intent_category, String(name)).toBe(intentCategory(name, lists, DEFAULT_ORACLE_OPTIONS));
      }
    });

    it('compiles the analyses (never runs them); run by hand they answer as TypeScript does', async () => {
      const compile = await workspace.chatsem(vars, 'compile');
      expect(compile.code, compile.output).toBe(0);
      const compiled = (name: string): string => readFileSync(join(workspace.dir, 'target', 'compiled', 'chat_semantic_schema', 'analyses', `${name}.sql`), 'utf8');
      const run = async (name: string): Promise<Record<string, unknown>[]> => {
        expect(compiled(name)).toContain(`"${prefix}_marts"."fact_sessions"`);
        return (await workspace.adapter.query(compiled(name))).rows;
      };
      expect(differences('conversation_quality_by_channel', await run('conversation_quality_by_channel'), expectedQualityByChannel(sessions), ['channel'])).toEqual([]);
      const idle = expectedIdleTime(sessions);
      expect(idle.length).toBeGreaterThan(3);
      expect(differences('idle_time_between_sessions', await run('idle_time_between_sessions'), idle, ['user_id'])).toEqual([]);
      expect(differences('long_sessions_by_external_session', await run('long_sessions_by_external_session'), expectedLongSessions(sessions), ['external_session_id'])).toEqual([]);
      const peak = expectedPeakTraffic(sessions);
      expect(Math.max(...peak.map((r) => Number(r.sessions_active)))).toBeGreaterThan(1);
      expect(differences('peak_traffic_by_hour', await run('peak_traffic_by_hour'), peak, ['date_sk', 'hour_of_day'])).toEqual([]);
    });

    it('rejects marts vars that are not what they should be, naming the var', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ latency_cap_percentile: 2 }, /var latency_cap_percentile = '2' must be a number from 0 to 1/],
        [{ latency_sla_ms: '1; drop table x' }, /var latency_sla_ms = '1; drop table x' must be a number/],
        [{ qoe_weights: { latency: 1, speed: 1 } }, /var qoe_weights has an unknown component 'speed'/],
        [{ kpi_reference_date: '31/12/2024' }, /var kpi_reference_date = '31\/12\/2024' is not a date/],
        [{ fiscal_year_start_month: 13 }, /fiscal_year_start_month = '13' must be a/],
        [{ user_country_column: 'metadata__country; --' }, /var user_country_column = 'metadata__country; --' is not a column name/],
      ];
      for (const [bad, message] of cases) {
        const compile = await workspace.chatsem({ ...vars, ...bad }, 'compile');
        expect(compile.code, JSON.stringify(bad)).toBe(2);
        expect(compile.output).toMatch(message);
      }
    });

    it('passes the package data tests on the marts', async () => {
      const test = await workspace.chatsem(vars, 'test', '--select', 'models/marts');
      expect(test.code, test.output.split('\n').filter((l) => /FAIL|ERROR/.test(l)).join('\n')).toBe(0);
    });

    it('equals a full refresh after the incremental runs', async () => {
      const run = await workspace.chatsem(vars, 'run', '--full-refresh');
      expect(run.code, run.output).toBe(0);
      const full = await snapshotMarts(workspace, prefix);
      for (const table of MART_TABLES) {
        expect(full.get(table)!.length, table).toBeGreaterThan(0);
        expect(incremental.get(table), `${table} differs between the incremental runs and --full-refresh`).toEqual(full.get(table));
      }
    });

    it('exports the star and the snowflake schema in one call each, and the CSVs load back', async () => {
      for (const tag of ['star', 'snowflake']) {
        const out = makeTempDir('chatsem-marts-export-');
        try {
          const exported = await workspace.chatsem(vars, 'export', '--select', `tag:${tag}`, '--format', 'csv', '--out', out.path);
          expect(exported.code, exported.output).toBe(0);
          const files = readdirSync(out.path).sort();
          const expectedTables =
            tag === 'star'
              ? ['dim_channels', 'dim_date', 'dim_intents', 'dim_users', 'fact_messages', 'fact_sessions']
              : ['dim_channel_groups', 'dim_channels_snowflake', 'dim_countries', 'dim_date', 'dim_devices', 'dim_intent_categories', 'dim_intents_snowflake', 'dim_languages', 'dim_users_snowflake', 'fact_messages', 'fact_sessions'];
          expect(files, tag).toEqual(expectedTables.map((table) => `${table}.csv`));
          const copy = `${prefix}_rt`;
          await workspace.adapter.query(`drop schema if exists "${copy}" cascade`);
          await workspace.adapter.query(`create schema "${copy}"`);
          for (const file of files) {
            const table = file.replace(/\.csv$/, '');
            await workspace.adapter.query(`create table "${copy}"."${table}" as select * from "${prefix}_marts"."${table}" where false`);
            const loaded = await workspace.adapter.copyFrom(`copy "${copy}"."${table}" from stdin with (format csv, header true)`, createReadStream(join(out.path, file)));
            const original = await workspace.adapter.query<{ n: string }>(`select count(*) as n from "${prefix}_marts"."${table}"`);
            expect(loaded, `${tag}: ${table}`).toBe(Number(original.rows[0]!.n));
            expect(loaded, `${tag}: ${table}`).toBeGreaterThan(0);
          }
          await workspace.adapter.query(`drop schema "${copy}" cascade`);
        } finally {
          out.remove();
        }
      }
    });
  });
}

/** The columns of fact_sessions the oracle knows (all but timestamps, keys it cannot hash and model_id). */
function factColumns(session: ExpectedSession): Record<string, unknown> {
  const { latencies: _latencies, sentiments: _sentiments, started_at: _started, ended_at: _ended, ...columns } = session;
  return columns;
}

async function snapshotMarts(workspace: MartsWorkspace, prefix: string): Promise<Map<string, string[]>> {
  const snapshot = new Map<string, string[]>();
  for (const table of MART_TABLES) snapshot.set(table, canonical(await workspace.rows(prefix, 'marts', table)));
  return snapshot;
}
