/**
 * `view`: `create or replace view` when PostgreSQL allows it (the old columns are an unchanged prefix of the new
 * ones), which keeps dependents and grants untouched; otherwise build `__chatsem_tmp` and swap.
 */
import type { ColumnDescription } from '../adapters/index.js';
import type { PlanContext } from './plan-context.js';
import { hookSteps, preambleSteps } from './plan-context.js';
import { tempRelation } from './relation-names.js';
import { createAsSql, wrapSelect } from './sql-fragments.js';
import { step, type Step } from './step.js';
import { swapSteps } from './swap-steps.js';

export function planView(ctx: PlanContext): Step[] {
  const { relation, existing } = ctx;
  let build: Step[];
  if (!existing) {
    build = [step(createAsSql(relation, 'view', ctx.sql), 'create the view', { response: 'CREATE VIEW' })];
  } else if (existing.type === 'view' && canReplaceView(ctx.existingColumns, ctx.newColumns)) {
    build = [step(`create or replace view ${relation} as ${wrapSelect(ctx.sql)}`, 'replace the view in place', { response: 'CREATE VIEW' })];
  } else {
    build = [
      step(createAsSql(tempRelation(relation), 'view', ctx.sql), 'build the new version', { response: 'CREATE VIEW' }),
      ...swapSteps(relation, 'view', existing, ctx.dependents),
    ];
  }
  return [...preambleSteps(ctx), ...hookSteps(ctx.preHooks, 'pre'), ...build, ...hookSteps(ctx.postHooks, 'post')];
}

/** PostgreSQL's rule for `create or replace view`: same names and types in the same positions, new ones at the end. */
export function canReplaceView(oldColumns: ColumnDescription[], newColumns: ColumnDescription[]): boolean {
  if (oldColumns.length === 0 || newColumns.length < oldColumns.length) return false;
  return oldColumns.every((old, i) => newColumns[i]!.name === old.name && newColumns[i]!.dataType === old.dataType);
}
