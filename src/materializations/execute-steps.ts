/**
 * Runs a plan: `outside` steps in autocommit first, then every `inside` step in one transaction, so a failure or
 * a killed process leaves the previous version of the relation in place.
 */
import { ChatsemError, DatabaseError, InternalError } from '../core/index.js';
import type { ManifestNode } from '../core/index.js';
import type { Adapter, Connection } from '../adapters/index.js';
import { describeNode } from './node-error.js';
import { countsRows, formatResponse, type Step } from './step.js';

export interface ExecutionResult {
  message: string;
  rowsAffected: number | null;
  executedSql: string[];
}

export async function executeSteps(adapter: Adapter, node: ManifestNode, steps: Step[]): Promise<ExecutionResult> {
  const firstInside = steps.findIndex((s) => s.transaction === 'inside');
  if (firstInside >= 0 && steps.slice(firstInside).some((s) => s.transaction === 'outside')) {
    throw new InternalError(`plan for ${node.unique_id} has an outside step after the transaction started`);
  }
  const executedSql: string[] = [];
  let result: { message: string; rowsAffected: number | null } | null = null;
  const run = async (connection: Connection, s: Step) => {
    executedSql.push(s.sql);
    try {
      const outcome = await connection.query(s.sql);
      if (s.response) result = { message: formatResponse(s.response, outcome.rowCount), rowsAffected: countsRows(s.response) ? outcome.rowCount : null };
    } catch (error) {
      throw stepError(node, s, error);
    }
  };
  for (const s of steps) if (s.transaction === 'outside') await run(adapter, s);
  const inside = steps.filter((s) => s.transaction === 'inside');
  if (inside.length > 0) {
    await adapter.transaction(async (connection) => {
      for (const s of inside) await run(connection, s);
    });
  }
  const done = result as { message: string; rowsAffected: number | null } | null;
  return { message: done?.message ?? 'OK', rowsAffected: done?.rowsAffected ?? null, executedSql };
}

/**
 * Sends a whole plan as one multi-statement query: one round trip instead of one per statement plus BEGIN and
 * COMMIT. PostgreSQL runs the statements as one implicit transaction, `outside` steps included, so this is only for
 * plans whose outside steps are harmless in it (`create schema if not exists` of an existing schema, leftover
 * drops), run outside any transaction. Errors are thrown as the driver reports them: no single step is to blame.
 */
export async function executeStepsAtOnce(adapter: Adapter, steps: Step[]): Promise<ExecutionResult> {
  const last = steps[steps.length - 1];
  if (!last || steps.some((s, i) => s.response !== undefined && i !== steps.length - 1)) {
    throw new InternalError('a plan sent at once must end with the statement that reports its result');
  }
  const executedSql = steps.map((s) => s.sql);
  const outcome = await adapter.query(executedSql.join(';\n'));
  if (!last.response) return { message: 'OK', rowsAffected: null, executedSql };
  return {
    message: formatResponse(last.response, outcome.rowCount),
    rowsAffected: countsRows(last.response) ? outcome.rowCount : null,
    executedSql,
  };
}

/** Names the model, what chatsem was doing, and — when a dependent view broke — which view and how to fix it. */
export function stepError(node: ManifestNode, s: Step, error: unknown): ChatsemError {
  const message = error instanceof Error ? error.message : String(error);
  const sqlState = error instanceof DatabaseError ? error.sqlState : ((error as { code?: unknown })?.code as string | undefined);
  if (s.dependent) {
    return new DatabaseError(
      `${describeNode(node)}: the rebuild would break the dependent view ${s.dependent} (${message}); ` +
        'nothing was changed, the whole rebuild was rolled back',
      {
        sqlState: typeof sqlState === 'string' ? sqlState : undefined,
        node: node.unique_id,
        location: node.location,
        hint: `Update ${s.dependent} to the model's new columns (or drop it), then run the model again.`,
        cause: error,
      },
    );
  }
  return new DatabaseError(`${describeNode(node)}: ${message}`, {
    sqlState: typeof sqlState === 'string' ? sqlState : undefined,
    node: node.unique_id,
    location: node.location,
    hint: `while chatsem tried to ${s.purpose}`,
    cause: error,
  });
}
