import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import type { SenderEvent } from '../ingest/index.js';
import { makeTempDir } from '../test-support/databases.js';
import { STORY_INTENTS, defaultSynthConfig, generateEvents, loadSynthConfig, splitIntoLoads, writeJsonl } from './index.js';

type AnyEvent = SenderEvent & Record<string, any>;

describe('generated conversations match the methodology (10,000 sessions)', () => {
  const config = { ...defaultSynthConfig, sessions: 10_000, users: 5_000, seed: 2024 };
  const events = [...generateEvents(config)] as AnyEvent[];
  const users = events.filter((event) => event.event === 'user');

  it('intent shares within ±2 points of the configured multinomial', () => {
    // The intent the user meant: on a fallback, Rasa ranks nlu_fallback first and the NLU's own guess second.
    const meant = users.map((event) => (event.parse_data.intent.name === 'nlu_fallback' ? event.parse_data.intent_ranking[1].name : event.parse_data.intent.name));
    const story = meant.filter((intent) => (STORY_INTENTS as readonly string[]).includes(intent));
    for (const intent of STORY_INTENTS) {
      const share = story.filter((name) => name === intent).length / story.length;
      expect(Math.abs(share - config.intents[intent]), intent).toBeLessThanOrEqual(0.02);
    }
  });

  it('mean turns 7 ± 0.5 and a fallback rate of 5–10%', () => {
    expect(Math.abs(users.length / config.sessions - 7)).toBeLessThanOrEqual(0.5);
    const fallbacks = users.filter((event) => event.parse_data.intent.name === 'nlu_fallback').length / users.length;
    expect(fallbacks).toBeGreaterThanOrEqual(0.05);
    expect(fallbacks).toBeLessThanOrEqual(0.1);
    const defaultFallbacks = events.filter((event) => event.event === 'action' && event.name === 'action_default_fallback').length;
    expect(defaultFallbacks).toBe(users.filter((event) => event.parse_data.intent.name === 'nlu_fallback').length);
  });

  it('bot reply latency median within 5% of 735 ms, messenger slower', () => {
    const latencies = { fast: [] as number[], slow: [] as number[] };
    let lastUser: AnyEvent | null = null;
    for (const event of events) {
      if (event.event === 'user') lastUser = event;
      else if (event.event === 'bot' && lastUser && lastUser.sender_id === event.sender_id) {
        (lastUser.input_channel === 'messenger' ? latencies.slow : latencies.fast).push((event.timestamp - lastUser.timestamp) * 1000);
        lastUser = null;
      }
    }
    const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;
    expect(Math.abs(median(latencies.fast) / 735 - 1)).toBeLessThanOrEqual(0.05);
    expect(median(latencies.slow)).toBeGreaterThan(median(latencies.fast) * 1.3);
  });

  it('device shares within ±2 points; ages 13–75; several senders for some users', () => {
    const byUser = new Map<string, { device: string; age: number; senders: Set<string> }>();
    for (const event of users) {
      const entry = byUser.get(event.metadata.user_id) ?? { device: event.metadata.device, age: event.metadata.age, senders: new Set<string>() };
      entry.senders.add(event.sender_id);
      byUser.set(event.metadata.user_id, entry);
    }
    const people = [...byUser.values()];
    for (const [device, share] of Object.entries(config.profiles.devices)) {
      expect(Math.abs(people.filter((person) => person.device === device).length / people.length - share), device).toBeLessThanOrEqual(0.02);
    }
    expect(people.every((person) => person.age >= 13 && person.age <= 75)).toBe(true);
    const meanAge = people.reduce((sum, person) => sum + person.age, 0) / people.length;
    expect(Math.abs(meanAge - 28)).toBeLessThan(1.5);
    expect(people.filter((person) => person.senders.size > 1).length).toBeGreaterThan(people.length * 0.05);
  });

  it('follows real Rasa event sequences: session start, forms with requested_slot, handoff, feedback, restarts', () => {
    const bySender = new Map<string, AnyEvent[]>();
    for (const event of events) bySender.set(event.sender_id, [...(bySender.get(event.sender_id) ?? []), event]);
    for (const stream of [...bySender.values()].slice(0, 200)) {
      expect(stream.slice(0, 3).map((event) => event.name ?? event.event)).toEqual(['action_session_start', 'session_started', 'action_listen']);
      for (let i = 1; i < stream.length; i++) expect(stream[i]!.timestamp).toBeGreaterThanOrEqual(stream[i - 1]!.timestamp);
    }
    const slots = events.filter((event) => event.event === 'slot');
    expect(slots.some((slot) => slot.name === 'requested_slot' && slot.value === 'order_number')).toBe(true);
    expect(slots.some((slot) => slot.name === 'order_number' && slot.value === null)).toBe(true);
    const nps = slots.filter((slot) => slot.name === 'nps_score' && slot.value !== null).map((slot) => slot.value as number);
    const csat = slots.filter((slot) => slot.name === 'csat_score').map((slot) => slot.value as number);
    expect(nps.length).toBeGreaterThan(500);
    expect(nps.every((value) => Number.isInteger(value) && value >= 0 && value <= 10)).toBe(true);
    expect(csat.every((value) => Number.isInteger(value) && value >= 1 && value <= 5)).toBe(true);
    expect(events.some((event) => event.event === 'active_loop' && event.name === 'feedback_form')).toBe(true);
    expect(events.some((event) => event.event === 'active_loop' && event.name === null)).toBe(true);
    expect(events.some((event) => event.event === 'restart')).toBe(true);
    const actions = new Set(events.filter((event) => event.event === 'action').map((event) => event.name as string));
    for (const name of ['action_agent_handoff', 'action_handoff', 'action_default_fallback', 'action_restart']) expect(actions.has(name), name).toBe(true);
    const intents = new Set(users.map((event) => event.parse_data.intent.name as string));
    for (const name of ['greet', 'goodbye', 'thankyou', 'affirm_happy', 'react_frustrated', 'insult', 'raise_dispute', 'affirm', 'deny', 'out_of_scope', 'nlu_fallback']) {
      expect(intents.has(name), name).toBe(true);
    }
    // Every escalation that was understood is answered by a handoff.
    const escalations = users.filter((event) => event.parse_data.intent.name === 'escalation');
    const handoffs = events.filter((event) => event.event === 'action' && event.name === 'action_agent_handoff');
    expect(handoffs.length).toBe(escalations.length);
    // Conversations that continue days later: some sender has sessions more than a day apart.
    const starts = new Map<string, number[]>();
    for (const event of events) if (event.event === 'session_started') starts.set(event.sender_id, [...(starts.get(event.sender_id) ?? []), event.timestamp]);
    expect([...starts.values()].some((times) => times.length > 1 && times[times.length - 1]! - times[0]! > 86400)).toBe(true);
    const sentiments = users.map((event) => event.metadata.sentiment as number);
    expect(sentiments.every((value) => value >= -1 && value <= 1)).toBe(true);
  });
});

describe('generator output', () => {
  const small = { ...defaultSynthConfig, sessions: 300, users: 80, seed: 11 };
  const digest = (events: Iterable<SenderEvent>): string => {
    const hash = createHash('sha256');
    for (const event of events) hash.update(`${JSON.stringify(event)}\n`);
    return hash.digest('hex');
  };

  it('is byte-identical for the same seed and differs for another', () => {
    expect(digest(generateEvents(small))).toBe(digest(generateEvents({ ...small })));
    expect(digest(generateEvents({ ...small, seed: 12 }))).not.toBe(digest(generateEvents(small)));
  });

  it('splits into K loads by time with conversations crossing the boundaries', () => {
    const all = [...generateEvents(small)];
    const parts = splitIntoLoads(small, 3).map((part) => [...part]);
    expect(parts.map((part) => part.length).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(parts.every((part) => part.length > 0)).toBe(true);
    const senders = parts.map((part) => new Set(part.map((event) => event.sender_id)));
    expect([...senders[0]!].some((sender) => senders[1]!.has(sender) || senders[2]!.has(sender))).toBe(true);
  });

  it('writes JSON Lines (gzip too) that read back as the same events', async () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.path, 'events.jsonl');
      expect(await writeJsonl(generateEvents(small), path)).toBe([...generateEvents(small)].length);
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(digest(generateEvents(small)));
      expect(await writeJsonl(generateEvents(small), join(temp.path, 'events.jsonl.gz'))).toBeGreaterThan(0);
    } finally {
      temp.remove();
    }
  });

  it('reads YAML configs over the defaults and rejects unknown keys and bad values', () => {
    const temp = makeTempDir();
    try {
      expect(loadSynthConfig(join(process.cwd(), 'synth.config.example.yaml'))).toEqual(defaultSynthConfig);
      const partial = join(temp.path, 'partial.yaml');
      writeFileSync(partial, 'seed: 9\nlatency:\n  mu: 7\ndevices_typo: 1\n');
      expect(() => loadSynthConfig(partial)).toThrow(ConfigError);
      writeFileSync(partial, 'seed: 9\nlatency:\n  mu: 7\n');
      expect(loadSynthConfig(partial)).toMatchObject({ seed: 9, latency: { mu: 7, sigma: 0.35 }, sessions: 1000 });
      writeFileSync(partial, 'intents:\n  order_status: 0.5\n');
      expect(() => loadSynthConfig(partial)).toThrow(/must sum to 1/);
    } finally {
      temp.remove();
    }
  });
});
