/** `table` (and an incremental model's full build): CTAS under `__chatsem_tmp`, indexes, swap. */
import type { PlanContext } from './plan-context.js';
import { hookSteps, preambleSteps } from './plan-context.js';
import { tempRelation } from './relation-names.js';
import { createAsSql, createIndexSql } from './sql-fragments.js';
import { step, type Step } from './step.js';
import { swapSteps } from './swap-steps.js';

export function planTable(ctx: PlanContext): Step[] {
  const { relation, existing } = ctx;
  // With nothing to replace there is nothing to protect: build in place.
  const buildInto = existing ? tempRelation(relation) : relation;
  return [
    ...preambleSteps(ctx),
    ...hookSteps(ctx.preHooks, 'pre'),
    step(createAsSql(buildInto, 'table', ctx.sql), 'build the new version', { response: 'SELECT' }),
    ...ctx.config.indexes.map((index) => step(createIndexSql(buildInto, index), `index (${index.columns.join(', ')})`)),
    ...(existing ? swapSteps(relation, 'table', existing, ctx.dependents) : []),
    ...hookSteps(ctx.postHooks, 'post'),
  ];
}
