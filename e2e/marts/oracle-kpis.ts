/**
 * Test oracle, part 2: the aggregate marts (kpi_daily, kpi_daily_channel, kpi_executive, sessions_daily, the top
 * lists, dim_users) computed in TypeScript from the expected sessions of oracle-sessions.ts.
 */
import { type ExpectedSession, type OracleOptions, DEFAULT_ORACLE_OPTIONS, cappedMean, qoe, ratio } from './oracle-sessions.js';

export type Row = Record<string, unknown>;

/** The metric columns of kpi_rollup for one group of sessions. */
export function rollup(sessions: ExpectedSession[], options: OracleOptions = DEFAULT_ORACLE_OPTIONS): Row {
  const count = (predicate: (s: ExpectedSession) => boolean): number => sessions.filter(predicate).length;
  const sum = (pick: (s: ExpectedSession) => number): number => sessions.reduce((total, s) => total + pick(s), 0);
  const latencies = sessions.flatMap((s) => s.latencies);
  const sentiments = sessions.flatMap((s) => s.sentiments);
  const completed = count((s) => s.status === 'completed');
  const bounced = count((s) => s.status === 'bounced');
  const eligible = count((s) => s.is_completion_eligible);
  const userMessages = sum((s) => s.user_messages_count);
  const fallbacks = sum((s) => s.fallback_messages_count);
  const avgResponse = cappedMean(latencies, options.latencyCapPercentile);
  const fallbackRate = ratio(fallbacks, userMessages);
  const resolutionRate = ratio(completed, sessions.length - bounced);
  const avgSentiment = sentiments.length ? sentiments.reduce((a, b) => a + b, 0) / sentiments.length : null;
  const latencyScore = avgResponse === null ? null : 1 - Math.min(1, avgResponse / options.latencySlaMs);
  const errorScore = fallbackRate === null ? null : 1 - fallbackRate;
  const sentimentScore = avgSentiment === null ? null : (avgSentiment + 1) / 2;
  const nps = sessions.filter((s) => s.nps_score !== null);
  const promoters = count((s) => s.nps_category === 'promoter');
  const detractors = count((s) => s.nps_category === 'detractor');
  const csat = sessions.filter((s) => s.csat_score !== null);
  const satisfied = count((s) => s.csat_score !== null && s.csat_score >= 4);
  const percent = (value: number | null): number | null => (value === null ? null : 100 * value);
  return {
    sessions_count: sessions.length,
    users_count: new Set(sessions.map((s) => s.user_id)).size,
    completed_sessions_count: completed,
    abandoned_sessions_count: count((s) => s.status === 'abandoned'),
    escalated_sessions_count: count((s) => s.status === 'escalated'),
    bounced_sessions_count: bounced,
    completion_eligible_count: eligible,
    completion_rate: ratio(count((s) => s.is_completion_eligible && s.is_completed), eligible),
    short_sessions_count: count((s) => s.is_short),
    short_session_rate: ratio(count((s) => s.is_short), sessions.length),
    contained_sessions_count: count((s) => s.is_contained),
    containment_rate: ratio(count((s) => s.is_contained), sessions.length),
    user_messages_count: userMessages,
    bot_messages_count: sum((s) => s.bot_messages_count),
    fallback_messages_count: fallbacks,
    fallback_rate: fallbackRate,
    frustration_messages_count: sum((s) => s.frustration_messages_count),
    frustration_rate: ratio(sum((s) => s.frustration_messages_count), userMessages),
    avg_duration_seconds: sum((s) => s.duration_seconds) / sessions.length,
    responses_count: latencies.length,
    avg_response_ms: avgResponse,
    resolution_rate: resolutionRate,
    sentiment_messages_count: sentiments.length,
    avg_sentiment: avgSentiment,
    latency_score: latencyScore,
    error_score: errorScore,
    resolution_score: resolutionRate,
    sentiment_score: sentimentScore,
    qoe_score: qoe([latencyScore, errorScore, resolutionRate, sentimentScore], options.qoeWeights),
    nps_responses_count: nps.length,
    promoters_count: promoters,
    passives_count: count((s) => s.nps_category === 'passive'),
    detractors_count: detractors,
    nps: percent(ratio(promoters - detractors, nps.length)),
    csat_responses_count: csat.length,
    csat_satisfied_count: satisfied,
    csat: percent(ratio(satisfied, csat.length)),
    avg_csat_score: csat.length ? csat.reduce((a, s) => a + s.csat_score!, 0) / csat.length : null,
  };
}

function groupBy<K extends string>(sessions: ExpectedSession[], key: (s: ExpectedSession) => Record<K, unknown>): { keys: Record<K, unknown>; sessions: ExpectedSession[] }[] {
  const groups = new Map<string, { keys: Record<K, unknown>; sessions: ExpectedSession[] }>();
  for (const session of sessions) {
    const keys = key(session);
    const id = JSON.stringify(keys);
    const group = groups.get(id) ?? { keys, sessions: [] };
    group.sessions.push(session);
    groups.set(id, group);
  }
  return [...groups.values()];
}

export function expectedKpiDaily(sessions: ExpectedSession[], options?: OracleOptions): Row[] {
  return groupBy(sessions, (s) => ({ date_sk: s.date_sk })).map((g) => ({ ...g.keys, ...rollup(g.sessions, options) }));
}

export function expectedKpiDailyChannel(sessions: ExpectedSession[], options?: OracleOptions): Row[] {
  return groupBy(sessions, (s) => ({ date_sk: s.date_sk, channel: s.channel })).map((g) => ({ ...g.keys, ...rollup(g.sessions, options) }));
}

export function expectedSessionsDaily(sessions: ExpectedSession[]): Row[] {
  return groupBy(sessions, (s) => ({ date_sk: s.date_sk, status: s.status, intent_category: s.intent_category })).map((g) => ({
    ...g.keys,
    sessions_count: g.sessions.length,
    users_count: new Set(g.sessions.map((s) => s.user_id)).size,
    user_messages_count: g.sessions.reduce((a, s) => a + s.user_messages_count, 0),
    bot_messages_count: g.sessions.reduce((a, s) => a + s.bot_messages_count, 0),
    avg_duration_seconds: g.sessions.reduce((a, s) => a + s.duration_seconds, 0) / g.sessions.length,
  }));
}

/** Today, month to date and financial year to date (first month `fiscalStartMonth`), ending on the latest day. */
export function expectedKpiExecutive(sessions: ExpectedSession[], fiscalStartMonth: number, referenceSk?: number, options?: OracleOptions): Row[] {
  const reference = referenceSk ?? Math.max(...sessions.map((s) => s.date_sk));
  const year = Math.floor(reference / 10000);
  const month = Math.floor(reference / 100) % 100;
  const fiscalStart = (month < fiscalStartMonth ? year - 1 : year) * 10000 + fiscalStartMonth * 100 + 1;
  const periods: [string, number][] = [
    ['today', reference],
    ['month_to_date', Math.floor(reference / 100) * 100 + 1],
    ['fiscal_year_to_date', fiscalStart],
  ];
  return periods
    .map(([period, start]) => ({ period, start, members: sessions.filter((s) => s.date_sk >= start && s.date_sk <= reference) }))
    .filter((p) => p.members.length > 0)
    .map((p) => ({ period: p.period, period_start_date_sk: p.start, period_end_date_sk: reference, ...rollup(p.members, options) }));
}

export function expectedTop(sessions: ExpectedSession[], column: 'intent_name' | 'device' | 'country', topN: number): Row[] {
  const counted = groupBy(
    sessions.filter((s) => s[column] !== null),
    (s) => ({ [column]: s[column] }) as Record<string, unknown>,
  ).map((g) => ({ value: String(g.keys[column]), sessions_count: g.sessions.length, users_count: new Set(g.sessions.map((s) => s.user_id)).size }));
  const total = counted.reduce((a, c) => a + c.sessions_count, 0);
  // PostgreSQL orders text by the database collation; the values here are ASCII letters and underscores of one case
  // pattern, which every collation orders alike except for case and '_' — compared through the same rule below.
  counted.sort((a, b) => b.sessions_count - a.sessions_count || compareText(a.value, b.value));
  return counted.slice(0, topN).map((c, i) => ({ [column]: c.value, sessions_count: c.sessions_count, users_count: c.users_count, share_of_sessions: c.sessions_count / total, popularity_rank: i + 1 }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** dim_users' attributes: the values of each user's latest session that had one. */
export function expectedUserAttributes(sessions: ExpectedSession[]): Row[] {
  const byUser = new Map<string, ExpectedSession[]>();
  for (const s of sessions) byUser.set(s.user_id, [...(byUser.get(s.user_id) ?? []), s]);
  return [...byUser].map(([userId, list]) => {
    const latestFirst = [...list].sort(
      (a, b) => b.started_at - a.started_at || (a.sender_id < b.sender_id ? 1 : a.sender_id > b.sender_id ? -1 : 0) || b.session_nr - a.session_nr,
    );
    const latest = <K extends 'language' | 'country' | 'device' | 'age'>(key: K): ExpectedSession[K] | null =>
      latestFirst.map((s) => s[key]).find((v) => v !== null) ?? null;
    return { user_id: userId, language: latest('language'), country: latest('country'), device: latest('device'), age: latest('age'), sessions_count: list.length };
  });
}
