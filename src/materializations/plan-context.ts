/** Everything a planner needs, gathered from the node and the warehouse beforehand so planning stays pure. */
import type { ManifestNode, Relation } from '../core/index.js';
import type { ColumnDescription, RelationDescription } from '../adapters/index.js';
import type { DependentRelation } from './dependents.js';
import type { MaterializationConfig } from './materialization-config.js';
import { backupRelation, tempRelation } from './relation-names.js';
import { createSchemaSql, dropSql } from './sql-fragments.js';
import { outsideStep, step, type Step } from './step.js';

export interface PlanContext {
  node: ManifestNode;
  config: MaterializationConfig;
  /** The compiled SELECT. */
  sql: string;
  relation: Relation;
  existing: RelationDescription | null;
  /** `__chatsem_tmp` / `__chatsem_backup` relations of this model left by an interrupted run. */
  leftovers: RelationDescription[];
  /** Views built on `existing`, transitively. */
  dependents: DependentRelation[];
  /** Columns of `existing` (only gathered when a planner compares them). */
  existingColumns: ColumnDescription[];
  /** Columns the model's SELECT produces (only gathered when a planner compares them). */
  newColumns: ColumnDescription[];
  /** Column lists of the existing table's plain indexes (incremental runs only). */
  existingIndexes: string[][];
  /** Materialized view: the stored query is not the model's current SQL. */
  definitionChanged: boolean;
  /** `--full-refresh` after the node's `full_refresh` config is applied. */
  fullRefresh: boolean;
  preHooks: string[];
  postHooks: string[];
  /** MERGE is available (PostgreSQL 15+). */
  canMerge: boolean;
  /** Random part of scratch names; fixed in golden tests. */
  suffixGenerator: () => string;
}

/** Outside the transaction: the schema, and leftovers of a killed run (which would block the tmp/backup names). */
export function preambleSteps(ctx: Pick<PlanContext, 'relation' | 'leftovers'>): Step[] {
  const steps = [outsideStep(createSchemaSql(ctx.relation.schema), 'make sure the schema exists')];
  const leftoverNames = new Map([
    [tempRelation(ctx.relation).identifier, tempRelation(ctx.relation)],
    [backupRelation(ctx.relation).identifier, backupRelation(ctx.relation)],
  ]);
  for (const leftover of ctx.leftovers) {
    const relation = leftoverNames.get(leftover.name);
    if (relation) steps.push(outsideStep(dropSql(relation, leftover.type, true), 'drop a leftover of an interrupted run'));
  }
  return steps;
}

export function hookSteps(hooks: string[], when: 'pre' | 'post'): Step[] {
  return hooks.filter((hook) => hook.trim() !== '').map((hook, i) => step(hook.trim().replace(/;$/, ''), `${when}-hook ${i + 1}`));
}
