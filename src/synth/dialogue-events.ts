/**
 * Builds the Rasa events of one simulated session in the exact shapes of Rasa 3.x `Event.as_dict()`
 * (rasa-events.md §1.2–1.5), as an event broker sends them (`sender_id` first). Keeps the clock: a user message
 * at `now`, the bot's actions and messages one reply latency later (several events share a timestamp, as in
 * real trackers), the next message after the user's think time.
 */
import type { SenderEvent } from '../ingest/index.js';
import { BOT_TEXTS } from './synth-texts.js';

export interface UserProfile {
  userId: string;
  language: string;
  country: string;
  device: string;
  age: number;
  channel: string;
}

export interface ParsedMessage {
  intent: string;
  confidence: number;
  ranking: { name: string; confidence: number }[];
  entities: { entity: string; start: number; end: number; value: string | number; extractor: string; confidence_entity: number }[];
}

const EMPTY_BOT_DATA = { elements: null, quick_replies: null, buttons: null, attachment: null, image: null, custom: null };

export class DialogueEvents {
  readonly events: SenderEvent[] = [];
  /** Seconds (unix) of the next event. */
  now: number;
  private replyAt = 0;

  constructor(
    readonly senderId: string,
    readonly profile: UserProfile,
    private readonly modelId: string,
    private readonly newMessageId: () => string,
    start: number,
  ) {
    this.now = start;
  }

  private meta(extra?: Record<string, unknown>): Record<string, unknown> {
    return extra ? { model_id: this.modelId, assistant_id: 'synth_support_bot', ...extra } : { model_id: this.modelId, assistant_id: 'synth_support_bot' };
  }

  private push(event: Record<string, unknown>): void {
    this.events.push({ sender_id: this.senderId, ...event } as SenderEvent);
  }

  private ts(seconds: number): number {
    return Math.round(seconds * 1e6) / 1e6;
  }

  /** `action_session_start` → `session_started` → `action_listen`, as Rasa writes a (re)started session. */
  sessionStart(): void {
    const at = this.ts(this.now);
    this.action('action_session_start', null, 1, at);
    this.push({ event: 'session_started', timestamp: at, metadata: this.meta() });
    this.action('action_listen', null, null, this.ts(this.now + 0.0015));
    this.now += 0.002;
  }

  user(text: string, parsed: ParsedMessage, sentiment: number): void {
    const at = this.ts(this.now);
    const messageId = this.newMessageId();
    const metadata = this.meta({
      user_id: this.profile.userId,
      language: this.profile.language,
      country: this.profile.country,
      device: this.profile.device,
      age: this.profile.age,
      sentiment: Math.round(sentiment * 1000) / 1000,
    });
    this.push({
      event: 'user',
      timestamp: at,
      metadata,
      text,
      parse_data: {
        intent: { name: parsed.intent, confidence: parsed.confidence },
        entities: parsed.entities,
        text,
        message_id: messageId,
        metadata: {},
        intent_ranking: parsed.ranking,
      },
      input_channel: this.profile.channel,
      message_id: messageId,
    });
    this.push({ event: 'user_featurization', timestamp: this.ts(this.now + 0.0004), metadata: this.meta(), use_text_for_featurization: false });
  }

  /** Starts the bot's reply `latencyMs` after the last user message: predicted actions come just before it. */
  beginReply(latencyMs: number): void {
    this.replyAt = this.now + latencyMs / 1000;
    this.now = this.replyAt - Math.min(0.02, latencyMs / 5000);
  }

  action(name: string, policy: string | null, confidence: number | null, at = this.ts(this.now)): void {
    this.push({ event: 'action', timestamp: at, metadata: this.meta(), name, policy, confidence, action_text: null, hide_rule_turn: false });
  }

  /** A bot message; the first of a reply is stamped exactly at the reply time (that is what latency measures). */
  bot(template: string): void {
    if (this.now < this.replyAt) this.now = this.replyAt;
    this.push({ event: 'bot', timestamp: this.ts(this.now), metadata: this.meta({ utter_action: template }), text: BOT_TEXTS[template] ?? template, data: EMPTY_BOT_DATA });
    this.now += 0.002;
  }

  slot(name: string, value: unknown): void {
    this.push({ event: 'slot', timestamp: this.ts(this.now), metadata: this.meta(), name, value });
  }

  activeLoop(name: string | null): void {
    this.push({ event: 'active_loop', timestamp: this.ts(this.now), metadata: this.meta(), name });
  }

  rewind(): void {
    this.push({ event: 'rewind', timestamp: this.ts(this.now), metadata: this.meta() });
  }

  restart(): void {
    this.push({ event: 'restart', timestamp: this.ts(this.now), metadata: this.meta() });
  }

  /** Ends the reply with `action_listen`, then waits `thinkSeconds` for the user. */
  listen(thinkSeconds: number): void {
    if (this.now < this.replyAt) this.now = this.replyAt;
    this.now += 0.001;
    this.action('action_listen', 'RulePolicy', 1);
    this.now += thinkSeconds;
  }
}
