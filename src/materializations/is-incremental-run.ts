/** dbt's `is_incremental()` and `should_full_refresh()`, shared by the compiler's runtime context and the planners. */
import type { ManifestNode } from '../core/index.js';
import type { RelationDescription } from '../adapters/index.js';

/** The node's `full_refresh` config wins over `--full-refresh`: `false` protects a model, `true` always rebuilds it. */
export function shouldFullRefresh(node: ManifestNode, fullRefreshFlag: boolean): boolean {
  const configured = node.config.full_refresh;
  return typeof configured === 'boolean' ? configured : fullRefreshFlag;
}

/** True when the run appends to an existing table: an incremental model whose target is a table and is not rebuilt. */
export function isIncrementalRun(node: ManifestNode, existing: RelationDescription | null, fullRefresh: boolean): boolean {
  return node.config.materialized === 'incremental' && existing?.type === 'table' && !shouldFullRefresh(node, fullRefresh);
}

/** Ephemeral models are inlined into their children and never run on their own. */
export function isRunnable(node: ManifestNode): boolean {
  return node.config.materialized !== 'ephemeral';
}
