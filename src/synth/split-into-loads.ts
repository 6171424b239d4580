import type { SenderEvent } from '../ingest/index.js';
import { generateEvents } from './generate-events.js';
import type { SynthConfig } from './synth-config.js';

/**
 * `--loads K`: the generated events cut into K loads by time (K equal windows over `days`), the way a loader
 * running on a schedule would see them. Sessions and conversations that span a boundary continue in the next
 * load. Each part regenerates the stream from the seed and keeps its window, so memory stays flat.
 */
export function splitIntoLoads(config: SynthConfig, loads: number): Iterable<SenderEvent>[] {
  if (!Number.isInteger(loads) || loads < 1) throw new RangeError(`loads must be a whole number ≥ 1, got ${loads}`);
  const origin = Date.parse(config.start) / 1000;
  const span = config.days * 86400;
  const windowOf = (timestamp: number): number => Math.min(loads - 1, Math.max(0, Math.floor(((timestamp - origin) / span) * loads)));
  return Array.from({ length: loads }, (_, index) => ({
    *[Symbol.iterator](): Generator<SenderEvent> {
      for (const event of generateEvents(config)) if (windowOf(event.timestamp) === index) yield event;
    },
  }));
}
