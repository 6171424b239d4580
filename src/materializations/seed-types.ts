/** Shapes of seed loading: what `loadSeed` takes and returns. */
import type { Relation } from '../core/index.js';

export type InferredType = 'integer' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamp' | 'timestamp with time zone' | 'text';

/** The seed settings `loadSeed` reads from a node's config (other keys are ignored). */
export interface SeedConfig {
  /** SQL types by column name (as written in the header), overriding inference. */
  column_types?: Record<string, string>;
  /** Quote column names, keeping their case and any special characters (default true, as dbt-postgres). */
  quote_columns?: boolean;
  /** One-byte field separator; default `,`. */
  delimiter?: string;
  [key: string]: unknown;
}

export interface LoadSeedInput {
  /** Absolute path of the CSV file. */
  filePath: string;
  relation: Relation;
  config: SeedConfig;
  fullRefresh: boolean;
  /** How to name the file in messages (the project-relative path); defaults to `filePath` relative to the cwd. */
  displayPath?: string;
}

export interface SeedColumn {
  /** Name in the header. */
  name: string;
  /** SQL type used for the table. */
  type: string;
  /** False when `column_types` set it. */
  inferred: boolean;
}

export interface SeedResult {
  /** What dbt shows: `INSERT 1000`, plus `(table recreated: …)` when the table had to be rebuilt. */
  message: string;
  rowsAffected: number;
  columns: SeedColumn[];
  /** How the table was loaded. */
  action: 'created' | 'truncated' | 'recreated';
}

/** What the first pass over a CSV found. */
export interface SeedScan {
  header: string[];
  rows: number;
  types: InferredType[];
  /** Byte offset after the last record that is not a blank line: COPY reads up to here. */
  dataEnd: number;
}
