/** What the compiler is given from outside: CLI options and, at run time, access to the warehouse. */
import type { Vars } from '../core/index.js';

export interface CompileOptions {
  /** `--vars` from the CLI; override the project's vars. */
  vars: Vars;
  /** The `target` global (name, schema, type, threads …; never a password). */
  target: Record<string, unknown>;
  /** For `env_var()`. */
  env: Record<string, string | undefined>;
  invocationId: string;
  runStartedAt: Date;
  /** `--empty`: `ref()`/`source()` render as zero-row subqueries. */
  empty?: boolean;
  /** `--full-refresh`, for `flags.FULL_REFRESH` at compile time. */
  fullRefresh?: boolean;
  /** Extra built-in macro files (e.g. generic tests from src/testing); project macros override them. */
  builtinMacros?: { path: string; source: string }[];
  /** `log()` in templates; `info` is true for `log(msg, info=True)`. */
  log?: (message: string, info: boolean) => void;
}

export interface RuntimeQueryResult {
  rows: Record<string, unknown>[];
  fields: { name: string }[];
  rowCount: number | null;
  command: string;
}

/** Run-time access the runner gives `renderAtRuntime` / `renderTemplate`. */
export interface RuntimeContext {
  isIncremental: boolean;
  fullRefresh: boolean;
  /** Runs SQL on the warehouse; used by run_query(), {% call statement %} and adapter.* introspection. */
  query(sql: string): Promise<RuntimeQueryResult>;
  getColumns(schema: string, name: string): Promise<{ name: string; dataType: string }[]>;
  /** Pending `_loads` ids of this run when the project enables the loads lifecycle, else null. */
  pendingLoadIds: string[] | null;
}
