/**
 * Every parameter of the synthetic conversation generator. The defaults follow the methodology of the brief
 * (published synthetic chatbot dataset): shares, distributions and rates below are the ones the statistical
 * test checks. `synth.config.example.yaml` at the repository root is the same default, documented.
 */

export const STORY_INTENTS = ['order_status', 'billing_issue', 'technical_support', 'plan_change', 'product_info', 'refund_request', 'smalltalk', 'escalation'] as const;
export type StoryIntent = (typeof STORY_INTENTS)[number];

export interface BetaParams {
  alpha: number;
  beta: number;
}

export interface SynthConfig {
  /** Seed of the random stream: the same config and seed give byte-identical output. */
  seed: number;
  sessions: number;
  users: number;
  /** Days the session starts are spread over, from `start`. */
  days: number;
  /** ISO-8601 instant of the first day (UTC). */
  start: string;
  profiles: {
    age: { mean: number; sd: number; min: number; max: number };
    devices: Record<string, number>;
    channels: Record<string, number>;
    languages: Record<string, number>;
    countries: Record<string, number>;
    /** Share of users who talk to the bot from several senders (devices, cleared cookies). */
    multiSenderShare: number;
    /** For those users: chance that a session starts on a new sender rather than continuing an old one. */
    newSenderChance: number;
    /** Log-normal sigma of how active users are relative to each other (0 = all alike). */
    activitySigma: number;
  };
  arrivals: {
    /** Relative session rate per hour of the day (UTC), 24 values. */
    hourly: number[];
    /** Relative session rate per weekday, Monday first, 7 values. */
    weekly: number[];
  };
  /** Mean user messages per session (geometric). */
  meanTurns: number;
  /** Shares of the intents drawn for free user turns (must sum to 1). */
  intents: Record<StoryIntent, number>;
  /** NLU confidence per story intent; other intents (greet, answers …) use `otherConfidence`. */
  confidence: Record<StoryIntent, BetaParams>;
  otherConfidence: BetaParams;
  fallback: { threshold: number; noiseSd: number };
  /** Bot reply latency: log-normal in milliseconds; messenger replies are slower by `slowChannelFactor`. */
  latency: { mu: number; sigma: number; slowChannels: string[]; slowChannelFactor: number };
  /** Seconds a user takes to answer (log-normal). */
  thinkTime: { mu: number; sigma: number };
  /** Minutes without activity after which Rasa starts a new session for a returning sender. */
  sessionExpirationMinutes: number;
  probabilities: {
    greet: number;
    goodbye: number;
    feedback: number;
    restart: number;
    /** A turn right after a fallback is frustration instead of a new request. */
    frustrationAfterFallback: number;
    /** After a refund or billing answer the user disputes it. */
    dispute: number;
    /** A form answer is not understood and the slot is asked again. */
    failedFill: number;
    /** Frustrated users who insult are handed to a human. */
    handoffAfterInsult: number;
  };
  /** Entries in `parse_data.intent_ranking`. */
  intentRankingSize: number;
  /** A new model is deployed every this many days (changes `model_id`). */
  modelRotationDays: number;
}

export const defaultSynthConfig: SynthConfig = {
  seed: 42,
  sessions: 1000,
  users: 300,
  days: 30,
  start: '2024-01-01T00:00:00Z',
  profiles: {
    age: { mean: 28, sd: 9, min: 13, max: 75 },
    devices: { Android: 0.55, iOS: 0.3, Desktop: 0.15 },
    channels: { webchat: 0.45, whatsapp: 0.3, messenger: 0.25 },
    languages: { en: 0.55, es: 0.15, de: 0.1, fr: 0.1, pt: 0.1 },
    countries: { US: 0.3, GB: 0.12, DE: 0.1, ES: 0.1, FR: 0.1, BR: 0.1, MX: 0.08, IN: 0.1 },
    multiSenderShare: 0.3,
    newSenderChance: 0.4,
    activitySigma: 0.8,
  },
  arrivals: {
    hourly: [0.2, 0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.2, 1.1, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.0, 0.9, 0.7, 0.5, 0.3],
    weekly: [1.1, 1.1, 1.05, 1.0, 0.95, 0.7, 0.6],
  },
  meanTurns: 7,
  intents: {
    order_status: 0.22,
    billing_issue: 0.18,
    technical_support: 0.17,
    plan_change: 0.12,
    product_info: 0.12,
    refund_request: 0.09,
    smalltalk: 0.07,
    escalation: 0.03,
  },
  // Tuned so that about 13% of requests fall under the threshold; with greetings, answers and closings (which
  // do not fall back) that is a 6–8% fallback rate over all user messages.
  confidence: {
    order_status: { alpha: 3, beta: 1.2 },
    billing_issue: { alpha: 2.8, beta: 1.2 },
    technical_support: { alpha: 2.6, beta: 1.2 },
    plan_change: { alpha: 3, beta: 1.2 },
    product_info: { alpha: 3.4, beta: 1.3 },
    refund_request: { alpha: 2.8, beta: 1.2 },
    smalltalk: { alpha: 2.2, beta: 1.1 },
    escalation: { alpha: 3, beta: 1.2 },
  },
  otherConfidence: { alpha: 9, beta: 1.5 },
  fallback: { threshold: 0.45, noiseSd: 0.03 },
  latency: { mu: 6.6, sigma: 0.35, slowChannels: ['messenger'], slowChannelFactor: 1.6 },
  thinkTime: { mu: 2.5, sigma: 0.6 },
  sessionExpirationMinutes: 60,
  probabilities: {
    greet: 0.4,
    goodbye: 0.45,
    feedback: 0.3,
    restart: 0.03,
    frustrationAfterFallback: 0.35,
    dispute: 0.12,
    failedFill: 0.15,
    handoffAfterInsult: 0.5,
  },
  intentRankingSize: 5,
  modelRotationDays: 7,
};
