/**
 * Test oracle, part 1: the expected fact rows of the marts computed in TypeScript straight from the generated
 * Rasa events — an independent re-implementation of the rules (spec §6 sessionisation, the marts' definitions in
 * models/marts/*.sql headers), never derived from the SQL's output.
 */
import type { SenderEvent } from '../../src/ingest/index.js';
import { type IntentLists, type OracleOptions, DEFAULT_ORACLE_OPTIONS, cappedMean, dateSk, intentCategory, qoe, ratio } from './oracle-rules.js';

export { type IntentLists, type OracleOptions, DEFAULT_ORACLE_OPTIONS, cappedMean, dateSk, intentCategory, percentileCont, qoe, ratio, readIntentLists } from './oracle-rules.js';

export interface ExpectedMessage {
  sender_id: string;
  session_id: string;
  sender_type: 'user' | 'bot';
  date_sk: number;
  intent_name: string | null;
  sentiment: number | null;
  response_latency_ms: number | null;
  is_first_response: boolean;
}

export interface ExpectedSession {
  sender_id: string;
  session_id: string;
  session_nr: number;
  user_id: string;
  date_sk: number;
  started_at: number;
  ended_at: number;
  duration_seconds: number;
  channel: string;
  intent_name: string | null;
  intent_category: string;
  status: 'completed' | 'abandoned' | 'escalated' | 'bounced';
  user_type: 'new' | 'returning';
  language: string | null;
  country: string | null;
  device: string | null;
  age: number | null;
  user_messages_count: number;
  bot_messages_count: number;
  messages_count: number;
  fallback_messages_count: number;
  frustration_messages_count: number;
  is_completed: boolean;
  is_completion_eligible: boolean;
  is_short: boolean;
  is_contained: boolean;
  fallback_rate: number | null;
  frustration_rate: number | null;
  responses_count: number;
  avg_response_ms: number | null;
  sentiment_messages_count: number;
  avg_sentiment: number | null;
  nps_score: number | null;
  nps_category: string | null;
  csat_score: number | null;
  latency_score: number | null;
  error_score: number | null;
  resolution_score: number | null;
  sentiment_score: number | null;
  qoe_score: number | null;
  /** Kept for the rollups: the raw first-response latencies of the session. */
  latencies: number[];
  sentiments: number[];
}

type Event = SenderEvent & Record<string, unknown>;

const str = (value: unknown): string | null => (value === undefined || value === null ? null : String(value));
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const meta = (event: Event): Record<string, unknown> => (event.metadata as Record<string, unknown> | undefined) ?? {};
const intentOf = (event: Event): string | null => str((event.parse_data as { intent?: { name?: unknown } } | undefined)?.intent?.name);

/** Spec §6: a session starts at a sender's first event and at every action_session_start / action_restart. */
function sessionise(events: Event[]): Event[][] {
  const sessions: Event[][] = [];
  for (const event of events) {
    const opens = event.event === 'action' && (event.name === 'action_session_start' || event.name === 'action_restart');
    if (sessions.length === 0 || opens) sessions.push([]);
    sessions[sessions.length - 1]!.push(event);
  }
  return sessions;
}

/**
 * Facts of every session and message. `userIdKey`: the metadata key the var user_id names (metadata__user_id →
 * 'user_id'), or null when user_id is sender_id.
 */
export function expectedFacts(
  all: SenderEvent[],
  lists: IntentLists,
  options: OracleOptions = DEFAULT_ORACLE_OPTIONS,
  userIdKey: string | null = 'user_id',
): { sessions: ExpectedSession[]; messages: ExpectedMessage[] } {
  const bySender = new Map<string, Event[]>();
  for (const event of all as Event[]) {
    const list = bySender.get(event.sender_id) ?? [];
    list.push(event);
    bySender.set(event.sender_id, list);
  }
  const sessions: ExpectedSession[] = [];
  const messages: ExpectedMessage[] = [];
  for (const [senderId, unordered] of bySender) {
    const events = [...unordered].sort((a, b) => a.timestamp - b.timestamp); // stable: tracker order breaks ties
    const userId =
      (userIdKey && events.map((e) => (e.event === 'user' ? str(meta(e)[userIdKey]) : null)).find((v) => v !== null)) || senderId;
    sessionise(events).forEach((sessionEvents, index) => {
      const { session, sessionMessages } = expectedSession(senderId, index + 1, userId, sessionEvents, lists, options);
      sessions.push(session);
      messages.push(...sessionMessages);
    });
  }
  markUserTypes(sessions);
  return { sessions, messages };
}

function expectedSession(
  senderId: string,
  sessionNr: number,
  userId: string,
  events: Event[],
  lists: IntentLists,
  options: OracleOptions,
): { session: ExpectedSession; sessionMessages: ExpectedMessage[] } {
  const sessionId = `${senderId}/${sessionNr}`;
  const sessionMessages: ExpectedMessage[] = [];
  const users = events.filter((e) => e.event === 'user');
  let fallbacks = 0;
  let frustrations = 0;
  let handoffs = 0;
  const latencies: number[] = [];
  // Interactions: events from the k-th user message up to the next one (0 before the first).
  let interactionUser: Event | null = null;
  let interactionFellBack = false;
  let answered = false;
  const closeInteraction = (): void => {
    if (interactionUser && interactionFellBack) fallbacks++;
  };
  for (const event of events) {
    if (event.event === 'user') {
      closeInteraction();
      interactionUser = event;
      answered = false;
      const intent = intentOf(event);
      interactionFellBack = intent === 'nlu_fallback';
      if (intent !== null && lists.frustration.has(intent)) frustrations++;
      const sentiment = num(meta(event).sentiment);
      sessionMessages.push({ sender_id: senderId, session_id: sessionId, sender_type: 'user', date_sk: dateSk(event.timestamp), intent_name: intent, sentiment, response_latency_ms: null, is_first_response: false });
    } else if (event.event === 'action' && event.name === 'action_default_fallback') {
      if (interactionUser) interactionFellBack = true;
    } else if (event.event === 'action' && lists.handoff.has(String(event.name))) {
      handoffs++;
    } else if (event.event === 'bot') {
      const latency = interactionUser ? (event.timestamp - interactionUser.timestamp) * 1000 : null;
      const first = interactionUser !== null && !answered;
      if (first) latencies.push(latency!);
      answered = true;
      sessionMessages.push({ sender_id: senderId, session_id: sessionId, sender_type: 'bot', date_sk: dateSk(event.timestamp), intent_name: interactionUser ? intentOf(interactionUser) : null, sentiment: null, response_latency_ms: latency, is_first_response: first });
    }
  }
  closeInteraction();

  const lastValue = (key: string): unknown => [...users].reverse().map((u) => meta(u)[key]).find((v) => v !== undefined && v !== null) ?? null;
  const lastSlot = (name: string): number | null => {
    const fills = events.filter((e) => e.event === 'slot' && e.name === name && e.value !== null && e.value !== undefined);
    const value = fills.length ? Number(fills[fills.length - 1]!.value) : null;
    return value === null || Number.isNaN(value) ? null : value;
  };
  const intents = users.map(intentOf);
  const storyIntent = intents.find((i) => i !== null && lists.story.has(i)) ?? null;
  const intentName = storyIntent ?? intents[0] ?? null;
  const completed = intents.some((i) => i !== null && (lists.happy.has(i) || options.completionIntents.includes(i)));
  const status = users.length === 0 ? 'bounced' : handoffs > 0 ? 'escalated' : completed ? 'completed' : 'abandoned';
  const startedAt = events[0]!.timestamp;
  const endedAt = events[events.length - 1]!.timestamp;
  const duration = endedAt - startedAt;
  const bots = events.filter((e) => e.event === 'bot').length;
  const sentiments = sessionMessages.filter((m) => m.sentiment !== null).map((m) => m.sentiment!);
  const avgSentiment = sentiments.length ? sentiments.reduce((a, b) => a + b, 0) / sentiments.length : null;
  const avgResponse = cappedMean(latencies, options.latencyCapPercentile);
  const fallbackRate = ratio(fallbacks, users.length);
  const nps = lastSlot(options.npsSlot);
  const npsScore = nps !== null && nps >= 0 && nps <= 10 ? nps : null;
  const csat = lastSlot(options.csatSlot);
  const latencyScore = avgResponse === null ? null : 1 - Math.min(1, avgResponse / options.latencySlaMs);
  const errorScore = fallbackRate === null ? null : 1 - fallbackRate;
  const resolutionScore = status === 'bounced' ? null : status === 'completed' ? 1 : 0;
  const sentimentScore = avgSentiment === null ? null : (avgSentiment + 1) / 2;
  const channel = users.map((u) => str(u.input_channel)).find((c) => c !== null) ?? 'unknown';
  const session: ExpectedSession = {
    sender_id: senderId,
    session_id: sessionId,
    session_nr: sessionNr,
    user_id: userId,
    date_sk: dateSk(startedAt),
    started_at: startedAt,
    ended_at: endedAt,
    duration_seconds: duration,
    channel,
    intent_name: intentName,
    intent_category: intentCategory(intentName, lists, options) ?? 'none',
    status,
    user_type: 'new',
    language: str(lastValue('language')),
    country: str(lastValue('country')),
    device: str(lastValue('device')),
    age: num(lastValue('age')),
    user_messages_count: users.length,
    bot_messages_count: bots,
    messages_count: users.length + bots,
    fallback_messages_count: fallbacks,
    frustration_messages_count: frustrations,
    is_completed: status === 'completed',
    is_completion_eligible: duration >= 10,
    is_short: users.length + bots < 3 || duration < 60,
    is_contained: status !== 'escalated',
    fallback_rate: fallbackRate,
    frustration_rate: ratio(frustrations, users.length),
    responses_count: latencies.length,
    avg_response_ms: avgResponse,
    sentiment_messages_count: sentiments.length,
    avg_sentiment: avgSentiment,
    nps_score: npsScore,
    nps_category: npsScore === null ? null : npsScore >= 9 ? 'promoter' : npsScore >= 7 ? 'passive' : 'detractor',
    csat_score: csat !== null && csat >= 1 && csat <= 5 ? csat : null,
    latency_score: latencyScore,
    error_score: errorScore,
    resolution_score: resolutionScore,
    sentiment_score: sentimentScore,
    qoe_score: qoe([latencyScore, errorScore, resolutionScore, sentimentScore], options.qoeWeights),
    latencies,
    sentiments,
  };
  return { session, sessionMessages };
}

/** 'new' for each user's first session over all their conversations (by start, sender, session number). */
function markUserTypes(sessions: ExpectedSession[]): void {
  const seen = new Set<string>();
  const ordered = [...sessions].sort(
    (a, b) => a.started_at - b.started_at || (a.sender_id < b.sender_id ? -1 : a.sender_id > b.sender_id ? 1 : 0) || a.session_nr - b.session_nr,
  );
  for (const session of ordered) {
    session.user_type = seen.has(session.user_id) ? 'returning' : 'new';
    seen.add(session.user_id);
  }
}
