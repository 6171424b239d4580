/** Builds one model in the warehouse: read config, check names, inspect the catalogue, plan, execute. */
import { randomBytes } from 'node:crypto';
import { ChatsemError } from '../core/index.js';
import type { ManifestNode, Relation } from '../core/index.js';
import type { Adapter } from '../adapters/index.js';
import { executeSteps, stepError } from './execute-steps.js';
import { inspectWarehouse } from './inspect-warehouse.js';
import { canReplaceView } from './plan-view.js';
import { isIncrementalRun, shouldFullRefresh } from './is-incremental-run.js';
import { readMaterializationConfig } from './materialization-config.js';
import { planMaterialization } from './plan-materialization.js';
import { replaceViewOptimistically, type KnownRelation } from './replace-view-optimistically.js';
import { checkRelationNames } from './relation-names.js';
import { step } from './step.js';

export interface MaterializeInput {
  node: ManifestNode;
  /** Compiled SELECT, ephemeral CTEs already injected. */
  sql: string;
  relation: Relation;
  /** `--full-refresh`; the node's `full_refresh` config overrides it. */
  fullRefresh: boolean;
  /** Rendered SQL run inside the transaction, before the model is built. */
  preHooks: string[];
  /** Rendered SQL run inside the transaction, after the model is built. */
  postHooks: string[];
  /** Random part of scratch names (tests pass a constant). */
  suffixGenerator?: () => string;
  /**
   * What the run already knows about the relation (the runner's relation cache). With it, a view over an existing
   * view is replaced in one round trip without reading the catalogue first; only outside a transaction. It may be
   * stale: when PostgreSQL refuses the plan made from it, the model is built from what the catalogue says.
   */
  known?: KnownRelation;
}

export interface MaterializeResult {
  /** The adapter response as dbt prints it: `CREATE VIEW`, `SELECT 1200`, `INSERT 0 5`, `MERGE 3`. */
  message: string;
  rowsAffected: number | null;
  executedSql: string[];
}

export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

export async function materialize(adapter: Adapter, input: MaterializeInput): Promise<MaterializeResult> {
  const { node, relation, sql } = input;
  const config = readMaterializationConfig(node);
  if (config.materialized === 'ephemeral') return { message: 'EPHEMERAL', rowsAffected: null, executedSql: [] };
  checkRelationNames(node, relation);
  if (input.known) {
    const replaced = await replaceViewOptimistically(adapter, { node, config, sql, relation, known: input.known, preHooks: input.preHooks, postHooks: input.postHooks });
    if (replaced) return replaced;
  }
  const suffixGenerator = input.suffixGenerator ?? randomSuffix;
  const fullRefresh = shouldFullRefresh(node, input.fullRefresh);
  const state = await inspectWarehouse(adapter, relation, sql, {
    suffix: suffixGenerator(),
    compareColumns: (existing) =>
      (config.materialized === 'view' && existing?.type === 'view') ||
      isIncrementalRun(node, existing, input.fullRefresh) ||
      (config.materialized === 'materialized_view' && existing?.type === 'materialized_view' && !fullRefresh),
    needsDependents: (existing, existingColumns, newColumns) =>
      !(config.materialized === 'view' && existing.type === 'view' && canReplaceView(existingColumns, newColumns)),
  }).catch((error: unknown) => {
    throw error instanceof ChatsemError && error.node === node.unique_id
      ? error
      : stepError(node, step('', 'read the catalogue and describe the model\'s result columns'), error);
  });
  const steps = planMaterialization({
    node,
    config,
    sql,
    relation,
    ...state,
    fullRefresh,
    preHooks: input.preHooks,
    postHooks: input.postHooks,
    canMerge: adapter.capabilities.merge,
    suffixGenerator,
  });
  return executeSteps(adapter, node, steps);
}
