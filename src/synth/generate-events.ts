import { createHash } from 'node:crypto';
import type { SenderEvent } from '../ingest/index.js';
import { DialogueEvents } from './dialogue-events.js';
import { Categorical, Rng } from './rng.js';
import { SessionScript } from './session-script.js';
import { chooseSender, generateUsers, sessionStarts, userActivity } from './session-schedule.js';
import { validateSynthConfig } from './load-synth-config.js';
import type { SynthConfig } from './synth-config.js';

/**
 * Synthetic Rasa conversations as event-broker messages (`{"sender_id", **event}`), session after session in
 * order of their start; a sender's later sessions continue its conversation. Streaming (memory holds the users,
 * their senders and one session) and deterministic: the same config gives the same events, byte for byte once
 * serialised.
 */
export function* generateEvents(config: SynthConfig): Generator<SenderEvent> {
  validateSynthConfig(config);
  const rng = new Rng(config.seed);
  const users = generateUsers(config, rng);
  const starts = sessionStarts(config, rng);
  const activity = userActivity(config, rng);
  const intents = new Categorical(config.intents);
  const origin = Date.parse(config.start) / 1000;
  const newMessageId = (): string => rng.hex(32);
  for (let i = 0; i < starts.length; i++) {
    const at = starts[i]!;
    const user = users[activity.draw(rng)]!;
    const sender = chooseSender(user, at, config, rng);
    const dialogue = new DialogueEvents(sender.id, { ...user.profile, channel: sender.channel }, modelId(config, origin, at), newMessageId, at);
    new SessionScript(dialogue, rng, config, intents).play();
    user.senders[sender.index]!.lastEventAt = dialogue.now;
    yield* dialogue.events;
  }
}

/** The model deployed at `at`: one per `modelRotationDays`, named by a hash so ids look like Rasa's. */
function modelId(config: SynthConfig, origin: number, at: number): string {
  const generation = Math.floor((at - origin) / (config.modelRotationDays * 86400));
  return createHash('md5').update(`chatsem-synth:${config.seed}:${generation}`).digest('hex');
}
