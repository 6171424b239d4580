/** Types of incremental-check.mjs (plain JavaScript so that bench/soak-incremental.mjs can run it on dist/). */
export const SEMANTIC_TABLES: readonly string[];

export interface QueryRunner {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface DatasetEvent {
  sender_id: string;
  timestamp: number;
  event: string;
  [key: string]: unknown;
}

export interface DatasetSummary {
  seed: number;
  sessions: number;
  events: number;
  loads: number;
  loadSizes: number[];
  senders: number;
  crossingSenders: number;
  ties: number;
}

export interface DatasetOptions {
  sessions?: number;
  loads?: number;
  tieShare?: number;
  keep?: boolean;
}

export interface CheckEngine extends QueryRunner {
  generateEvents(config: never): Iterable<DatasetEvent>;
  baseConfig: object;
  load(prefix: string, events: DatasetEvent[]): Promise<void>;
  chatsem(prefix: string, ...args: string[]): Promise<{ code: number; output: string }>;
  dropPrefix(prefix: string): Promise<void>;
}

export function seededRandom(seed: number): () => number;
export function shuffleKeepingTies<T extends { sender_id: string; timestamp: number }>(events: T[], random: () => number): T[];
export function makeDataset(
  seed: number,
  generateEvents: (config: never) => Iterable<DatasetEvent>,
  baseConfig: object,
  options?: DatasetOptions,
): { seed: number; all: DatasetEvent[]; loads: DatasetEvent[][]; summary: DatasetSummary };
export function tableSnapshot(connection: QueryRunner, schema: string, table: string, omit?: string[]): Promise<string[]>;
export function canonicalRow(row: Record<string, unknown>, omit?: string[]): string;
export function semanticSnapshot(connection: QueryRunner, prefix: string, options?: { omitLoadIds?: boolean }): Promise<Record<string, string[]>>;
export function describeDifference(table: string, expected: string[], actual: string[], limit?: number): string | null;
export function compareSnapshots(expected: Record<string, string[]>, actual: Record<string, string[]>): string;
export function checkIncrementalEqualsFull(
  engine: CheckEngine,
  seed: number,
  prefixBase: string,
  options?: DatasetOptions,
): Promise<{ summary: DatasetSummary; difference: string; rows: number }>;
