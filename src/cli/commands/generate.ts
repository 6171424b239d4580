/** `generate`: synthetic Rasa conversations to JSON Lines (`--out`) or straight into the warehouse (K loads). */
import { resolve } from 'node:path';
import { loadEventStream } from '../../ingest/index.js';
import { defaultSynthConfig, loadSynthConfig, splitIntoLoads, writeJsonl } from '../../synth/index.js';
import type { SynthConfig } from '../../synth/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, parsePositiveInt } from '../options.js';
import { closeWarehouse, openWarehouse, requirePrefix } from '../warehouse.js';
import { printLoadReport } from './load.js';

export function synthConfigFrom(options: Record<string, unknown>): SynthConfig {
  const base = typeof options.config === 'string' ? loadSynthConfig(resolve(options.config)) : defaultSynthConfig;
  return {
    ...base,
    sessions: options.sessions !== undefined ? parsePositiveInt(String(options.sessions), '--sessions') : base.sessions,
    users: options.users !== undefined ? parsePositiveInt(String(options.users), '--users') : base.users,
    seed: options.seed !== undefined ? Number.parseInt(String(options.seed), 10) : base.seed,
    days: options.days !== undefined ? parsePositiveInt(String(options.days), '--days') : base.days,
  };
}

export const generateCommand: CommandHandler = async ({ options, out, adapter }) => {
  const config = synthConfigFrom(options);
  const loads = parsePositiveInt(String(options.loads ?? '1'), '--loads');
  if (typeof options.out === 'string') {
    const parts = splitIntoLoads(config, loads);
    for (const [i, events] of parts.entries()) {
      const path = parts.length === 1 ? resolve(options.out) : resolve(options.out).replace(/(\.jsonl(\.gz)?)?$/, (ext) => `.${i + 1}${ext || '.jsonl'}`);
      const count = await writeJsonl(events, path);
      out.line(`Wrote ${count} events of ${config.sessions} sessions to ${path}`);
    }
    return 0;
  }
  const warehouse = await openWarehouse(out, globalOptions(options), adapter);
  try {
    const prefix = requirePrefix(warehouse.vars, 'generate');
    for (const [i, events] of splitIntoLoads(config, loads).entries()) {
      const report = await loadEventStream(warehouse.adapter, { events, prefix, sourceName: `generate (seed ${config.seed}, load ${i + 1} of ${loads})` });
      printLoadReport(out, report);
    }
    return 0;
  } finally {
    await closeWarehouse(warehouse);
  }
};
