/**
 * A planned statement. Planners return these; `execute-steps.ts` runs them. Keeping plans as data lets golden files
 * show exactly what a model run does, and lets the executor map a failure back to the statement that caused it.
 */

/** The command tag a statement reports, used to build dbt's adapter-response message (`INSERT 0 5`). */
export type StepResponse = 'SELECT' | 'INSERT' | 'MERGE' | 'CREATE VIEW' | 'REFRESH MATERIALIZED VIEW';

export interface Step {
  sql: string;
  /** `outside`: autocommit, before the transaction (schema creation, leftover clean-up). Everything else is `inside`. */
  transaction: 'inside' | 'outside';
  /** Why the statement runs, shown in golden files and in error messages. */
  purpose: string;
  /** Set on the statement whose command tag becomes the model's result message. */
  response?: StepResponse;
  /** Set when the statement recreates a dependent view, so a failure can name that view. */
  dependent?: string;
}

export function step(sql: string, purpose: string, extra: Partial<Step> = {}): Step {
  return { sql, transaction: 'inside', purpose, ...extra };
}

export function outsideStep(sql: string, purpose: string): Step {
  return { sql, transaction: 'outside', purpose };
}

/** dbt prints PostgreSQL's command tag: `SELECT 1200`, `INSERT 0 5` (the 0 is the legacy oid), `MERGE 3`. */
export function formatResponse(response: StepResponse, rowCount: number | null): string {
  const rows = rowCount ?? 0;
  switch (response) {
    case 'SELECT':
      return `SELECT ${rows}`;
    case 'INSERT':
      return `INSERT 0 ${rows}`;
    case 'MERGE':
      return `MERGE ${rows}`;
    case 'CREATE VIEW':
    case 'REFRESH MATERIALIZED VIEW':
      return response;
  }
}

export function countsRows(response: StepResponse): boolean {
  return response === 'SELECT' || response === 'INSERT' || response === 'MERGE';
}

/** Golden-file rendering: one block per step with its placement and purpose. */
export function renderSteps(steps: Step[]): string {
  return steps
    .map((s) => `-- [${s.transaction}] ${s.purpose}${s.response ? ` (reports ${s.response})` : ''}\n${s.sql};\n`)
    .join('\n');
}
