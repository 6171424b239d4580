/**
 * `materialized_view`: create when missing, `refresh` when the stored query is the model's SQL, else rebuild and
 * swap (dbt only notices a changed query on `--full-refresh`). `on_configuration_change` is not supported.
 */
import type { PlanContext } from './plan-context.js';
import { hookSteps, preambleSteps } from './plan-context.js';
import { tempRelation } from './relation-names.js';
import { createAsSql, createIndexSql } from './sql-fragments.js';
import { step, type Step } from './step.js';
import { swapSteps } from './swap-steps.js';

export function planMaterializedView(ctx: PlanContext): Step[] {
  const { relation, existing } = ctx;
  let build: Step[];
  if (existing && existing.type === 'materialized_view' && !ctx.fullRefresh && !ctx.definitionChanged) {
    build = [step(`refresh materialized view ${relation}`, 'refresh the materialized view', { response: 'REFRESH MATERIALIZED VIEW' })];
  } else {
    const buildInto = existing ? tempRelation(relation) : relation;
    build = [
      step(createAsSql(buildInto, 'materialized_view', ctx.sql), 'build the new version', { response: 'SELECT' }),
      ...ctx.config.indexes.map((index) => step(createIndexSql(buildInto, index), `index (${index.columns.join(', ')})`)),
      ...(existing ? swapSteps(relation, 'materialized_view', existing, ctx.dependents) : []),
    ];
  }
  return [...preambleSteps(ctx), ...hookSteps(ctx.preHooks, 'pre'), ...build, ...hookSteps(ctx.postHooks, 'post')];
}
