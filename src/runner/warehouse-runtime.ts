/** The run-time context a template renders against: the warehouse's answers plus the run's flags. */
import type { Adapter } from '../adapters/index.js';
import type { RuntimeContext } from '../compiler/index.js';

export function warehouseRuntime(
  adapter: Adapter,
  state: { isIncremental?: boolean; fullRefresh?: boolean; pendingLoadIds?: string[] | null } = {},
): RuntimeContext {
  return {
    isIncremental: state.isIncremental ?? false,
    fullRefresh: state.fullRefresh ?? false,
    pendingLoadIds: state.pendingLoadIds ?? null,
    query: (sql) => adapter.query(sql),
    getColumns: (schema, name) => adapter.getColumns(schema, name),
  };
}
