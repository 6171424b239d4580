/**
 * Who talks when: user profiles, session start times and the sender (Rasa conversation) of each session.
 *
 * Starts follow a non-homogeneous Poisson process whose rate is the product of an hour-of-day and a weekday
 * profile. Conditioned on exactly N arrivals (`--sessions N`), such a process's points are N independent draws
 * from the normalised rate, which is how they are sampled here (hour bucket, then uniform inside it), then sorted.
 */
import type { UserProfile } from './dialogue-events.js';
import { Categorical, type Rng, WeightedIndex } from './rng.js';
import type { SynthConfig } from './synth-config.js';

export interface SimUser {
  profile: UserProfile;
  /** Talks to the bot from several senders (devices, browsers). */
  multiSender: boolean;
  senders: { id: string; channel: string; lastEventAt: number }[];
}

export function generateUsers(config: SynthConfig, rng: Rng): SimUser[] {
  const { profiles } = config;
  const devices = new Categorical(profiles.devices);
  const channels = new Categorical(profiles.channels);
  const languages = new Categorical(profiles.languages);
  const countries = new Categorical(profiles.countries);
  const users: SimUser[] = [];
  for (let i = 0; i < config.users; i++) {
    const profile: UserProfile = {
      userId: `user_${rng.hex(12)}`,
      language: languages.draw(rng),
      country: countries.draw(rng),
      device: devices.draw(rng),
      age: Math.round(rng.truncatedNormal(profiles.age.mean, profiles.age.sd, profiles.age.min, profiles.age.max)),
      channel: channels.draw(rng),
    };
    users.push({ profile, multiSender: rng.chance(profiles.multiSenderShare), senders: [] });
  }
  return users;
}

/** Sorted unix seconds of the session starts. */
export function sessionStarts(config: SynthConfig, rng: Rng): Float64Array {
  const start = Date.parse(config.start) / 1000;
  const hours = Math.max(1, Math.ceil(config.days * 24));
  const weights = new Float64Array(hours);
  for (let h = 0; h < hours; h++) {
    const at = new Date((start + h * 3600) * 1000);
    const weekday = (at.getUTCDay() + 6) % 7;
    weights[h] = config.arrivals.hourly[at.getUTCHours()]! * config.arrivals.weekly[weekday]!;
  }
  const bucket = new WeightedIndex(weights);
  const span = config.days * 86400;
  const starts = new Float64Array(config.sessions);
  for (let i = 0; i < config.sessions; i++) starts[i] = start + Math.min(span, (bucket.draw(rng) + rng.uniform()) * 3600);
  return starts.sort();
}

/** How active each user is relative to the others (a few heavy users, many occasional ones). */
export function userActivity(config: SynthConfig, rng: Rng): WeightedIndex {
  const weights = new Float64Array(config.users);
  for (let i = 0; i < config.users; i++) weights[i] = rng.logNormal(0, config.profiles.activitySigma);
  return new WeightedIndex(weights);
}

/**
 * The sender of a session starting at `at`: the user's most recent conversation when it has been idle longer
 * than Rasa's session expiry (a conversation continuing days later), otherwise a new sender.
 */
export function chooseSender(user: SimUser, at: number, config: SynthConfig, rng: Rng): { id: string; channel: string; isNew: boolean; index: number } {
  const expiry = config.sessionExpirationMinutes * 60;
  const wantsNew = user.senders.length === 0 || (user.multiSender && rng.chance(config.profiles.newSenderChance));
  if (!wantsNew) {
    let best = -1;
    for (let i = 0; i < user.senders.length; i++) {
      const sender = user.senders[i]!;
      if (sender.lastEventAt + expiry < at && (best < 0 || sender.lastEventAt > user.senders[best]!.lastEventAt)) best = i;
    }
    if (best >= 0) return { ...user.senders[best]!, isNew: false, index: best };
  }
  const channel = user.senders.length === 0 ? user.profile.channel : new Categorical(config.profiles.channels).draw(rng);
  user.senders.push({ id: rng.hex(32), channel, lastEventAt: at });
  return { id: user.senders[user.senders.length - 1]!.id, channel, isNew: true, index: user.senders.length - 1 };
}
