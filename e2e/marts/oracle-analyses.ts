/**
 * Test oracle, part 3: what the analyses in analyses/*.sql should return, computed in TypeScript from the expected
 * sessions (the test runs the compiled analyses itself; chatsem only compiles them).
 */
import type { Row } from './oracle-kpis.js';
import { type ExpectedSession, dateSk, ratio } from './oracle-sessions.js';

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

export function expectedQualityByChannel(sessions: ExpectedSession[]): Row[] {
  const channels = [...new Set(sessions.map((s) => s.channel))];
  return channels.map((channel) => {
    const group = sessions.filter((s) => s.channel === channel);
    const eligible = group.filter((s) => s.is_completion_eligible);
    return {
      channel,
      sessions_count: group.length,
      short_session_rate: ratio(group.filter((s) => s.is_short).length, group.length),
      completion_rate: ratio(eligible.filter((s) => s.is_completed).length, eligible.length),
      containment_rate: ratio(group.filter((s) => s.is_contained).length, group.length),
      fallback_rate: ratio(group.reduce((a, s) => a + s.fallback_messages_count, 0), group.reduce((a, s) => a + s.user_messages_count, 0)),
      avg_messages: mean(group.map((s) => s.messages_count)),
      avg_duration_seconds: mean(group.map((s) => s.duration_seconds)),
    };
  });
}

export function expectedIdleTime(sessions: ExpectedSession[]): Row[] {
  const users = [...new Set(sessions.map((s) => s.user_id))];
  return users.flatMap((userId) => {
    const ordered = sessions
      .filter((s) => s.user_id === userId)
      .sort((a, b) => a.started_at - b.started_at || (a.sender_id < b.sender_id ? -1 : a.sender_id > b.sender_id ? 1 : 0) || a.session_nr - b.session_nr);
    const gaps = ordered.slice(1).map((s, i) => (s.started_at - ordered[i]!.ended_at) / 60);
    if (gaps.length === 0) return [];
    return [{ user_id: userId, gaps_count: gaps.length, avg_idle_minutes: mean(gaps), min_idle_minutes: Math.min(...gaps), max_idle_minutes: Math.max(...gaps) }];
  });
}

/** By external session id, which is the sender id with the package's default var external_session_id. */
export function expectedLongSessions(sessions: ExpectedSession[]): Row[] {
  const keys = [...new Set(sessions.map((s) => s.sender_id))];
  return keys.flatMap((key) => {
    const group = sessions.filter((s) => s.sender_id === key);
    const avg = mean(group.map((s) => s.duration_seconds));
    if (avg <= 15 * 60) return [];
    return [{ external_session_id: key, sessions_count: group.length, avg_duration_minutes: avg / 60, max_duration_minutes: Math.max(...group.map((s) => s.duration_seconds)) / 60 }];
  });
}

/** Every hour of the days from the first session's day to the last session end's day. */
export function expectedPeakTraffic(sessions: ExpectedSession[]): Row[] {
  const first = Math.min(...sessions.map((s) => s.started_at));
  const last = Math.max(...sessions.map((s) => s.ended_at));
  const rows: Row[] = [];
  for (let hour = Math.floor(first / 86400) * 86400; hour < (Math.floor(last / 86400) + 1) * 86400; hour += 3600) {
    const end = hour + 3600;
    rows.push({
      date_sk: dateSk(hour),
      hour_of_day: new Date(hour * 1000).getUTCHours(),
      sessions_started: sessions.filter((s) => s.started_at >= hour && s.started_at < end).length,
      sessions_active: sessions.filter((s) => s.started_at < end && s.ended_at >= hour).length,
    });
  }
  return rows;
}
