/**
 * Test oracle, shared rules: options, seed lists, dates, PostgreSQL's percentile_cont, ratios and the QoE
 * formula — re-implemented from the marts' definitions, independent of the SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../cli.js';

export interface OracleOptions {
  latencyCapPercentile: number;
  latencySlaMs: number;
  /** [latency, errors, resolution, sentiment]. */
  qoeWeights: [number, number, number, number];
  completionIntents: string[];
  npsSlot: string;
  csatSlot: string;
}

export const DEFAULT_ORACLE_OPTIONS: OracleOptions = {
  latencyCapPercentile: 0.95,
  latencySlaMs: 2000,
  qoeWeights: [0.3, 0.3, 0.2, 0.2],
  completionIntents: ['goodbye'],
  npsSlot: 'nps_score',
  csatSlot: 'csat_score',
};

export interface IntentLists {
  story: Set<string>;
  frustration: Set<string>;
  dispute: Set<string>;
  happy: Set<string>;
  handoff: Set<string>;
}

/** The package's seed lists, read as data (the same CSVs `chatsem seed` loads). */
export function readIntentLists(): IntentLists {
  const read = (name: string): Set<string> =>
    new Set(readFileSync(join(repoRoot, 'seeds', `${name}.csv`), 'utf8').split(/\r?\n/).slice(1).map((l) => l.trim()).filter(Boolean));
  return {
    story: read('story_start_intents'),
    frustration: read('frustration_intents'),
    dispute: read('dispute_intents'),
    happy: read('happy_intents'),
    handoff: read('handoff_actions'),
  };
}

export function dateSk(unixSeconds: number): number {
  const d = new Date(Math.round(unixSeconds * 1e6) / 1e3);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
export function percentileCont(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

export function cappedMean(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const cap = percentileCont(values, fraction);
  return values.reduce((sum, v) => sum + Math.min(v, cap), 0) / values.length;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function qoe(parts: (number | null)[], weights: readonly number[]): number | null {
  let total = 0;
  let weight = 0;
  parts.forEach((part, i) => {
    if (part === null) return;
    total += weights[i]! * part;
    weight += weights[i]!;
  });
  return weight === 0 ? null : total / weight;
}

export function intentCategory(intent: string | null, lists: IntentLists, options: OracleOptions): string | null {
  if (intent === null) return null;
  if (lists.story.has(intent)) return 'story';
  if (intent === 'nlu_fallback' || intent === 'out_of_scope' || intent.startsWith('out_of_scope/')) return 'fallback';
  if (lists.frustration.has(intent)) return 'frustration';
  if (lists.dispute.has(intent)) return 'dispute';
  if (lists.happy.has(intent)) return 'happy';
  if (options.completionIntents.includes(intent)) return 'closing';
  return 'other';
}
