/** What the runner returns: one result per node, never thrown (Kysely's MigrationResultSet idea). */

export type NodeStatus =
  | 'success'
  | 'error'
  | 'skipped'
  | 'pass'
  | 'warn'
  | 'fail'
  | 'runtime error'
  | 'no-op';

export interface TimingEntry {
  name: 'compile' | 'execute';
  started_at: string;
  completed_at: string;
}

export interface NodeResult {
  unique_id: string;
  status: NodeStatus;
  /** Adapter response for models/seeds (`SELECT 1200`), the test verdict message for tests, the error for errors. */
  message: string;
  failures: number | null;
  execution_time: number;
  thread_id: string;
  timing: TimingEntry[];
  adapter_response: { _message?: string; code?: string; rows_affected?: number };
  compiled_code: string | null;
  relation_name: string | null;
  /** Path of the compiled SQL, shown in error summaries. */
  compiled_path: string | null;
  /** For test failures with store_failures: `select * from …`. */
  stored_failures: string | null;
  /** Set when the node was skipped because of this upstream node. */
  skipped_because: string | null;
  /** Full error text (database message mapped to the compiled file's line) for the summary. */
  error: string | null;
}

export interface RunResult {
  results: NodeResult[];
  elapsed_time: number;
  started_at: string;
  /** True when every node succeeded (warnings allowed). */
  success: boolean;
}

export function isFailure(status: NodeStatus): boolean {
  return status === 'error' || status === 'fail' || status === 'runtime error';
}
