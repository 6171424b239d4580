import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/index.js';
import { STORY_INTENTS, defaultSynthConfig, type SynthConfig } from './synth-config.js';

/**
 * Reads a generator config (YAML, keys as in `synth.config.example.yaml`) over the defaults: a file may set only
 * what it changes. Unknown keys and impossible values are errors naming the file and the key.
 */
export function loadSynthConfig(yamlPath: string): SynthConfig {
  let text: string;
  try {
    text = readFileSync(yamlPath, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read generator config ${yamlPath}: ${(error as Error).message}`, { file: yamlPath });
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new ConfigError(`Invalid YAML: ${first.message}`, { file: yamlPath, line: first.linePos?.[0]?.line });
  }
  const raw: unknown = document.toJS() ?? {};
  const merged = mergeInto(structuredClone(defaultSynthConfig) as unknown as Record<string, unknown>, raw, yamlPath, '');
  return validateSynthConfig(merged as unknown as SynthConfig, yamlPath);
}

/** Tables of named shares/params are replaced whole (a file lists the intents it wants), other objects merged. */
const REPLACED = new Set(['profiles.devices', 'profiles.channels', 'profiles.languages', 'profiles.countries', 'arrivals.hourly', 'arrivals.weekly', 'latency.slowChannels']);

function mergeInto(base: Record<string, unknown>, patch: unknown, file: string, path: string): Record<string, unknown> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ConfigError(`${path || 'the config'} must be a mapping`, { file });
  }
  for (const [key, value] of Object.entries(patch)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!(key in base)) throw new ConfigError(`Unknown key "${keyPath}" in generator config`, { file }, `Known keys here: ${Object.keys(base).join(', ')}`);
    const current = base[key];
    if (!REPLACED.has(keyPath) && typeof current === 'object' && current !== null && !Array.isArray(current)) {
      base[key] = mergeInto(current as Record<string, unknown>, value, file, keyPath);
    } else {
      base[key] = value;
    }
  }
  return base;
}

/** Checks a config built in code or read from YAML; returns it unchanged. */
export function validateSynthConfig(config: SynthConfig, file = '<config>'): SynthConfig {
  const fail = (key: string, problem: string): never => {
    throw new ConfigError(`Generator config: ${key} ${problem}`, { file });
  };
  const positiveInt = (key: string, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(key, `must be a whole number ≥ 1, got ${String(value)}`);
  };
  const number = (key: string, value: unknown, min: number, max = Infinity): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(key, `must be a number in [${min}, ${max}], got ${String(value)}`);
  };
  const shares = (key: string, table: Record<string, number>): void => {
    const values = Object.values(table);
    if (values.length === 0) fail(key, 'must list at least one entry');
    values.forEach((value, i) => number(`${key}.${Object.keys(table)[i]}`, value, 0));
    if (values.reduce((a, b) => a + b, 0) <= 0) fail(key, 'must have a positive total');
  };
  if (!Number.isInteger(config.seed)) fail('seed', `must be an integer, got ${String(config.seed)}`);
  positiveInt('sessions', config.sessions);
  positiveInt('users', config.users);
  number('days', config.days, 1 / 24);
  if (Number.isNaN(Date.parse(config.start))) fail('start', `must be an ISO-8601 date, got ${String(config.start)}`);
  const { age } = config.profiles;
  if (!(age.min < age.max) || age.sd <= 0) fail('profiles.age', 'needs min < max and sd > 0');
  shares('profiles.devices', config.profiles.devices);
  shares('profiles.channels', config.profiles.channels);
  shares('profiles.languages', config.profiles.languages);
  shares('profiles.countries', config.profiles.countries);
  number('profiles.multiSenderShare', config.profiles.multiSenderShare, 0, 1);
  number('profiles.newSenderChance', config.profiles.newSenderChance, 0, 1);
  number('profiles.activitySigma', config.profiles.activitySigma, 0);
  if (config.arrivals.hourly.length !== 24) fail('arrivals.hourly', 'must have 24 values');
  if (config.arrivals.weekly.length !== 7) fail('arrivals.weekly', 'must have 7 values');
  shares('arrivals.hourly', Object.fromEntries(config.arrivals.hourly.map((v, i) => [i, v])));
  shares('arrivals.weekly', Object.fromEntries(config.arrivals.weekly.map((v, i) => [i, v])));
  number('meanTurns', config.meanTurns, 1);
  for (const intent of STORY_INTENTS) {
    number(`intents.${intent}`, config.intents[intent], 0, 1);
    const params = config.confidence[intent];
    if (!params) fail(`confidence.${intent}`, 'is missing');
    number(`confidence.${intent}.alpha`, params.alpha, 0.01);
    number(`confidence.${intent}.beta`, params.beta, 0.01);
  }
  const total = STORY_INTENTS.reduce((sum, intent) => sum + config.intents[intent], 0);
  if (Math.abs(total - 1) > 1e-6) fail('intents', `must sum to 1, they sum to ${total}`);
  for (const key of Object.keys(config.intents)) if (!(STORY_INTENTS as readonly string[]).includes(key)) fail(`intents.${key}`, `is not one of ${STORY_INTENTS.join(', ')}`);
  number('fallback.threshold', config.fallback.threshold, 0, 1);
  number('fallback.noiseSd', config.fallback.noiseSd, 0);
  number('latency.sigma', config.latency.sigma, 0);
  number('latency.slowChannelFactor', config.latency.slowChannelFactor, 0);
  number('thinkTime.sigma', config.thinkTime.sigma, 0);
  number('sessionExpirationMinutes', config.sessionExpirationMinutes, 1);
  for (const [key, value] of Object.entries(config.probabilities)) number(`probabilities.${key}`, value, 0, 1);
  positiveInt('intentRankingSize', config.intentRankingSize);
  number('modelRotationDays', config.modelRotationDays, 1 / 24);
  return config;
}
