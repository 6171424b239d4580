/**
 * The common rebuild — a view over an existing view whose columns did not change incompatibly — without reading the
 * catalogue first. The inspected path spends half a dozen round trips (list the schema's relations, describe the new
 * SELECT through a temporary view, read both column lists) only to choose `create or replace view`; here that plan
 * is made from what the run already knows and sent in one round trip, as one implicit transaction.
 *
 * PostgreSQL is the judge of the column check: when it refuses (a column renamed, dropped or retyped, or the
 * relation is no longer a view), the transaction left nothing behind and the caller takes the inspected path, which
 * swaps the view and recreates its dependents, or names the dependent that would break — exactly as without this
 * path. `create or replace view` itself never drops a dependent.
 */
import { DatabaseError } from '../core/index.js';
import type { ManifestNode, Relation } from '../core/index.js';
import type { Adapter, RelationDescription } from '../adapters/index.js';
import { executeStepsAtOnce, stepError, type ExecutionResult } from './execute-steps.js';
import type { MaterializationConfig } from './materialization-config.js';
import { hookSteps } from './plan-context.js';
import { planViewInPlace } from './plan-view.js';

/** What a run already knows about a model's relation, e.g. from the catalogue it read once per schema. */
export interface KnownRelation {
  existing: RelationDescription | null;
  /** `__chatsem_tmp` / `__chatsem_backup` relations of the model. */
  leftovers: RelationDescription[];
}

export interface OptimisticViewInput {
  node: ManifestNode;
  config: MaterializationConfig;
  sql: string;
  relation: Relation;
  known: KnownRelation;
  preHooks: string[];
  postHooks: string[];
}

/** The result of the in-place replacement, or null when the model must take the inspected path. */
export async function replaceViewOptimistically(adapter: Adapter, input: OptimisticViewInput): Promise<ExecutionResult | null> {
  const { known } = input;
  if (input.config.materialized !== 'view' || known.existing?.type !== 'view') return null;
  // A refused attempt is retried on the inspected path: hooks would then run twice, and not every hook's effect
  // (a sequence, a notification to another system) is undone by the rollback.
  if (hookSteps(input.preHooks, 'pre').length > 0 || hookSteps(input.postHooks, 'post').length > 0) return null;
  const steps = planViewInPlace({ relation: input.relation, existing: known.existing, leftovers: known.leftovers, sql: input.sql, preHooks: [], postHooks: [] });
  try {
    return await executeStepsAtOnce(adapter, steps);
  } catch (error) {
    if (isRefusal(error)) return null;
    throw stepError(input.node, steps[steps.length - 1]!, error);
  }
}

/**
 * Any error the server reports about the statements sends the model down the inspected path, which runs them one
 * by one and so fails, if it must, with the error a user knows. Not a cancelled statement (Ctrl-C,
 * statement_timeout: SQLSTATE class 57) or a lost connection (class 08, or no SQLSTATE): those end the node.
 */
function isRefusal(error: unknown): boolean {
  return error instanceof DatabaseError && error.sqlState !== undefined && !/^(08|57)/.test(error.sqlState);
}
