/**
 * Hand-written Rasa events for precise cases: a small builder that writes one sender's tracker in order, each
 * event at an explicit second offset, in the shapes Rasa's event broker sends (rasa-events.md).
 */
import type { SenderEvent } from '../../src/ingest/index.js';

/** 2023-11-14T22:13:20Z: any fixed instant works; fixtures only need relative offsets. */
export const T0 = 1_700_000_000;

export class Tracker {
  readonly events: SenderEvent[] = [];
  private messages = 0;

  constructor(readonly sender: string) {}

  private push(offset: number, event: string, body: Record<string, unknown>): this {
    this.events.push({ sender_id: this.sender, event, timestamp: T0 + offset, ...body } as SenderEvent);
    return this;
  }

  action(offset: number, name: string, policy: string | null = 'RulePolicy'): this {
    return this.push(offset, 'action', { name, policy, confidence: 1 });
  }

  sessionStart(offset: number): this {
    this.action(offset, 'action_session_start', null);
    this.push(offset, 'session_started', { metadata: {} });
    return this.action(offset, 'action_listen', null);
  }

  user(offset: number, intent: string, text = `(${intent})`, confidence = 0.93): this {
    this.messages++;
    return this.push(offset, 'user', {
      text,
      parse_data: { intent: { name: intent, confidence }, entities: [], text },
      input_channel: 'fixture',
      message_id: `${this.sender}-${this.messages}`,
      metadata: {},
    });
  }

  bot(offset: number, utterAction: string, text = `(${utterAction})`): this {
    return this.push(offset, 'bot', { text, metadata: { utter_action: utterAction }, data: {} });
  }

  /** An action that utters: `utter_x` action followed by its bot message, as Rasa writes them. */
  utter(offset: number, utterAction: string): this {
    return this.action(offset, utterAction).bot(offset, utterAction);
  }

  slot(offset: number, name: string, value: unknown): this {
    return this.push(offset, 'slot', { name, value });
  }

  activeLoop(offset: number, name: string | null): this {
    return this.push(offset, 'active_loop', { name });
  }

  restart(offset: number): this {
    this.action(offset, 'action_restart');
    return this.push(offset, 'restart', {});
  }
}

export function tracker(sender: string): Tracker {
  return new Tracker(sender);
}
