/**
 * How the runner tells the outside world what happens. The CLI renders these events as dbt's console lines,
 * JSON log lines, or a progress bar; tests collect them.
 */
import type { ManifestNode } from '../core/index.js';
import type { NodeResult } from './run-result.js';

export interface NodeEvent {
  node: ManifestNode;
  /** 1-based position in this run and the total, as in "3 of 12". */
  index: number;
  total: number;
  description: string;
}

export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  /** Every statement sent to the warehouse (logs/chatsem.log). */
  debug(message: string): void;
  nodeStart(event: NodeEvent): void;
  nodeResult(event: NodeEvent, result: NodeResult): void;
}

export const silentReporter: Reporter = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  nodeStart: () => undefined,
  nodeResult: () => undefined,
};
