/** Chooses the planner for a node's materialization. Pure: the same context always gives the same steps. */
import { nodeError } from './node-error.js';
import type { PlanContext } from './plan-context.js';
import { planIncremental } from './plan-incremental.js';
import { planMaterializedView } from './plan-materialized-view.js';
import { planTable } from './plan-table.js';
import { planView } from './plan-view.js';
import type { Step } from './step.js';

export function planMaterialization(ctx: PlanContext): Step[] {
  switch (ctx.config.materialized) {
    case 'view':
      return planView(ctx);
    case 'table':
      return planTable(ctx);
    case 'incremental':
      return planIncremental(ctx);
    case 'materialized_view':
      return planMaterializedView(ctx);
    case 'ephemeral':
      throw nodeError(ctx.node, 'an ephemeral model is not built; it is inlined as a CTE into the models that ref() it');
  }
}
