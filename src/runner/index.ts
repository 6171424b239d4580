/**
 * Executes a selected part of the DAG against the warehouse: scheduling with threads, skipping downstream of
 * failures, and the per-resource work (models, seeds, tests, snapshots). Returns per-node results; never prints.
 */
export * from './run-result.js';
export * from './reporter.js';
export * from './execute.js';
export { blockingDependencies } from './schedule.js';
export { runInvocation } from './invocation.js';
export type { InvocationOptions } from './invocation.js';
export { createNodeExecutor } from './node-executor.js';
export type { NodeExecutorDeps, RunFlagsForNodes } from './node-executor.js';
export { describeNodeError, mapPositionToLine } from './database-error.js';
export { warehouseRuntime } from './warehouse-runtime.js';
