/**
 * The inputs the writers take (what the runner, the freshness check and the CLI hand over) and the shapes of the JSON
 * files written, named as in dbt's artifacts so that `run_results.json` and friends are plain serialisations.
 * `RunNodeResult` is structural: the runner's own result type only has to carry these fields.
 */
import type { FreshnessRule } from '../core/index.js';

export type RunStatus =
  | 'success'
  | 'error'
  | 'skipped'
  | 'pass'
  | 'warn'
  | 'fail'
  | 'runtime error'
  | 'no-op'
  | 'partial success';

export interface TimingInfo {
  name: 'compile' | 'execute';
  /** ISO-8601 timestamps. */
  started_at: string;
  completed_at: string;
}

export interface AdapterResponse {
  /** PostgreSQL's command tag, e.g. `SELECT 1200`, `CREATE VIEW`. */
  _message?: string;
  code?: string;
  rows_affected?: number;
}

/** One node's outcome as the runner reports it. */
export interface RunNodeResult {
  unique_id: string;
  status: RunStatus;
  message: string | null;
  failures: number | null;
  /** Seconds. */
  execution_time: number;
  thread_id: string;
  timing: TimingInfo[];
  adapter_response: AdapterResponse;
  compiled_code: string | null;
  relation_name: string | null;
}

/** What `writeRunResults` / `RunResultsWriter` need besides the node results. */
export interface InvocationInfo {
  invocationId: string;
  startedAt: Date;
  /** The command's arguments as given; secrets are redacted before writing. `command` or `which` names the verb. */
  args?: Record<string, unknown>;
  /** Defaults to the version in chatsem's package.json. */
  chatsemVersion?: string;
}

export interface RunResultsInput extends InvocationInfo {
  results: readonly RunNodeResult[];
  /** Seconds; defaults to the time since `startedAt`. */
  elapsedTime?: number;
  /** How many copies to keep in `target/runs/` (default 50). */
  historyLimit?: number;
  /** For tests: the moment the artifact is generated. */
  generatedAt?: Date;
}

/** dbt's artifact `metadata` block. */
export interface ArtifactMetadata {
  dbt_schema_version: string;
  dbt_version: string;
  generated_at: string;
  invocation_id: string;
  invocation_started_at: string;
  env: Record<string, string>;
}

export interface RunResultEntry {
  status: RunStatus;
  timing: TimingInfo[];
  thread_id: string;
  execution_time: number;
  adapter_response: AdapterResponse;
  message: string | null;
  failures: number | null;
  unique_id: string;
  compiled: boolean;
  compiled_code: string | null;
  relation_name: string | null;
  batch_results: null;
}

/** `target/run_results.json`, dbt schema v6. */
export interface RunResultsArtifact {
  metadata: ArtifactMetadata;
  results: RunResultEntry[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

/** What `chatsem retry` needs from the previous invocation. */
export interface PreviousRun {
  path: string;
  artifact: RunResultsArtifact;
  /** The verb of the previous invocation (`args.which`), when recorded. */
  command: string | null;
  /** Nodes whose status was error, fail, skipped, runtime error or partial success, in file order. */
  retryIds: string[];
}

/** dbt's freshness criteria as written in sources.json (also accepted as input). */
export interface FreshnessCriteriaArtifact {
  warn_after: { count: number | null; period: string | null };
  error_after: { count: number | null; period: string | null };
  filter: string | null;
}

/** One source's freshness check, for `target/sources.json`. */
export interface SourceFreshnessResult {
  unique_id: string;
  status: 'pass' | 'warn' | 'error' | 'runtime error';
  /** ISO-8601 or Date; null when the table is empty. */
  max_loaded_at?: string | Date | null;
  snapshotted_at?: string | Date | null;
  max_loaded_at_time_ago_in_s?: number | null;
  /** The rule checked against: the source's `freshness:` (core's form) or dbt's `warn_after`/`error_after` form. */
  criteria?: FreshnessRule | FreshnessCriteriaArtifact | null;
  /** For `runtime error`: what went wrong (falls back to `message`). */
  error?: string | Error | null;
  message?: string | null;
  execution_time?: number;
  thread_id?: string;
  timing?: TimingInfo[];
  adapter_response?: AdapterResponse;
}

export interface SourcesInput extends InvocationInfo {
  results: readonly SourceFreshnessResult[];
  elapsedTime?: number;
  generatedAt?: Date;
}

/**
 * Parse timings for `target/perf_info.json`, in seconds, with dbt's field names where dbt has one
 * (`read_files_elapsed`, `load_macros_elapsed`, `parse_project_elapsed`, `load_all_elapsed` …).
 */
export interface PerfTimings {
  path_count?: number;
  read_files_elapsed?: number;
  load_macros_elapsed?: number;
  parse_project_elapsed?: number;
  patch_sources_elapsed?: number;
  process_manifest_elapsed?: number;
  load_all_elapsed?: number;
  compile_elapsed?: number;
  graph_elapsed?: number;
  /** Defaults to `process.resourceUsage().maxRSS` at write time. */
  peak_rss_bytes?: number;
  [key: string]: number | undefined;
}
