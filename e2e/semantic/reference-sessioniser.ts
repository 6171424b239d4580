/**
 * An independent reading of spec §6 in TypeScript, to check the SQL against: the events of one sender in tracker
 * order, split into sessions and interactions, with the per-session counts an analyst would hand-check. It shares
 * nothing with the models but the rules.
 */
import { readFileSync } from 'node:fs';

export interface TrackerEvent {
  event: string;
  timestamp: number;
  name?: string | null;
  parse_data?: { intent?: { name?: string | null } | null } | null;
  sender_id?: string;
}

export interface PlacedEvent {
  event: TrackerEvent;
  /** 1-based, per sender. */
  sessionNr: number;
  /** 0 before the first user message of the session, then k from the k-th user message. */
  interactionNr: number;
}

export interface SessionCounts {
  sessionNr: number;
  userMessages: number;
  botMessages: number;
  events: number;
  defaultFallback: number;
  nluFallback: number;
  /** Number of interactions including interaction 0 when the session has events before its first user message. */
  interactions: number;
}

/** One JSON event per line (Rasa X / event-broker export); blank lines ignored. */
export function readJsonLines(path: string): TrackerEvent[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TrackerEvent);
}

const isSessionStart = (e: TrackerEvent): boolean => e.event === 'action' && (e.name === 'action_session_start' || e.name === 'action_restart');
const isMetadataOnly = (e: TrackerEvent): boolean =>
  e.event === 'session_started' || (e.event === 'slot' && e.name === 'session_started_metadata');

/** Sessions and interactions of one sender's events (tracker order: by timestamp, ties keep their order). */
export function sessionise(events: TrackerEvent[]): PlacedEvent[] {
  const ordered = events.map((event, position) => ({ event, position })).sort((a, b) => a.event.timestamp - b.event.timestamp || a.position - b.position);
  const list = ordered.map((o) => o.event);
  // metadata-only events directly before an action_session_start open that session with it
  const opensSession = list.map((e) => isSessionStart(e));
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.event !== 'action' || list[i]!.name !== 'action_session_start') continue;
    let j = i - 1;
    while (j >= 0 && isMetadataOnly(list[j]!)) {
      opensSession[j] = true;
      opensSession[j + 1] = false;
      j--;
    }
  }
  const placed: PlacedEvent[] = [];
  let sessionNr = 0;
  let interactionNr = 0;
  list.forEach((event, i) => {
    if (i === 0 || opensSession[i]) {
      sessionNr++;
      interactionNr = 0;
    }
    if (event.event === 'user') interactionNr++;
    placed.push({ event, sessionNr, interactionNr });
  });
  return placed;
}

export function sessionCounts(placed: PlacedEvent[]): SessionCounts[] {
  const sessions = new Map<number, SessionCounts & { interactionNrs: Set<number> }>();
  for (const { event, sessionNr, interactionNr } of placed) {
    let s = sessions.get(sessionNr);
    if (!s) {
      s = { sessionNr, userMessages: 0, botMessages: 0, events: 0, defaultFallback: 0, nluFallback: 0, interactions: 0, interactionNrs: new Set() };
      sessions.set(sessionNr, s);
    }
    s.events++;
    s.interactionNrs.add(interactionNr);
    if (event.event === 'user') s.userMessages++;
    if (event.event === 'bot') s.botMessages++;
    if (event.event === 'action' && event.name === 'action_default_fallback') s.defaultFallback++;
    if (event.event === 'user' && event.parse_data?.intent?.name === 'nlu_fallback') s.nluFallback++;
  }
  return [...sessions.values()]
    .sort((a, b) => a.sessionNr - b.sessionNr)
    .map(({ interactionNrs, ...s }) => ({ ...s, interactions: interactionNrs.size }));
}
