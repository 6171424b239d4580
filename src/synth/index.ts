/**
 * synth: synthetic Rasa conversations for `chatsem generate` — users with profiles, sessions from a daily and
 * weekly cycle, intents, NLU confidence and fallbacks, forms, handoffs, feedback scores — as a deterministic
 * stream of event-broker messages, written to JSON Lines or handed to ingest's `loadEventStream`.
 */
export { generateEvents } from './generate-events.js';
export { defaultSynthConfig, STORY_INTENTS, type SynthConfig, type StoryIntent, type BetaParams } from './synth-config.js';
export { loadSynthConfig, validateSynthConfig } from './load-synth-config.js';
export { splitIntoLoads } from './split-into-loads.js';
export { writeJsonl } from './write-jsonl.js';
