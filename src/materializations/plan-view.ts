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
  const { existing } = ctx;
  if (!existing || (existing.type === 'view' && canReplaceView(ctx.existingColumns, ctx.newColumns))) return planViewInPlace(ctx);
  const build = [
    step(createAsSql(tempRelation(ctx.relation), 'view', ctx.sql), 'build the new version', { response: 'CREATE VIEW' }),
    ...swapSteps(ctx.relation, 'view', existing, ctx.dependents),
  ];
  return [...preambleSteps(ctx), ...hookSteps(ctx.preHooks, 'pre'), ...build, ...hookSteps(ctx.postHooks, 'post')];
}

/**
 * The plan when no swap is needed: `create view`, or `create or replace view` over an existing view. It reads
 * neither the columns nor the dependents, so it can be planned before the catalogue is read (see
 * replace-view-optimistically.ts).
 */
export function planViewInPlace(ctx: Pick<PlanContext, 'relation' | 'existing' | 'leftovers' | 'sql' | 'preHooks' | 'postHooks'>): Step[] {
  const { relation } = ctx;
  const build = ctx.existing
    ? step(`create or replace view ${relation} as ${wrapSelect(ctx.sql)}`, 'replace the view in place', { response: 'CREATE VIEW' })
    : step(createAsSql(relation, 'view', ctx.sql), 'create the view', { response: 'CREATE VIEW' });
  return [...preambleSteps(ctx), ...hookSteps(ctx.preHooks, 'pre'), build, ...hookSteps(ctx.postHooks, 'post')];
}

/** PostgreSQL's rule for `create or replace view`: same names and types in the same positions, new ones at the end. */
export function canReplaceView(oldColumns: ColumnDescription[], newColumns: ColumnDescription[]): boolean {
  if (oldColumns.length === 0 || newColumns.length < oldColumns.length) return false;
  return oldColumns.every((old, i) => newColumns[i]!.name === old.name && newColumns[i]!.dataType === old.dataType);
}
