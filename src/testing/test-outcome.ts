import type { ChatsemError } from '../core/index.js';

/** The verdict of one data test or unit test; the runner turns it into a NodeResult. */
export interface TestOutcome {
  status: 'pass' | 'warn' | 'fail' | 'error';
  /** dbt's `failures`: the fail_calc value for warn/fail, 0 for pass (as dbt's run_results), 0 on error. */
  failures: number;
  /** dbt's "Got 3 results, configured to fail if != 0"; empty for a pass; the error text for an error. */
  message: string;
  /** `select * from "x_test_failures"."not_null_orders_id"` when failing rows were stored, else null. */
  storedIn: string | null;
  /** The statement that produced the verdict (the wrapped test query), for target/run/. */
  executedSql: string;
  /** Set when status is 'error': the user-facing error (database errors already explained). */
  error?: ChatsemError;
}
