/**
 * One `run`/`seed`/`test`/`build`: on-run-start hooks, the selected nodes, on-run-end hooks (which see the
 * results, as dbt's `results` variable). Schemas the nodes write to are created first.
 */
import type { Adapter } from '../adapters/index.js';
import type { Hook, Manifest, ManifestNode } from '../core/index.js';
import { executeNodes } from './execute.js';
import { createNodeExecutor } from './node-executor.js';
import { warehouseRuntime } from './warehouse-runtime.js';
import type { NodeExecutorDeps } from './node-executor.js';
import type { Reporter } from './reporter.js';
import type { NodeResult, RunResult } from './run-result.js';

export interface InvocationOptions extends Omit<NodeExecutorDeps, 'reporter'> {
  order: string[];
  threads: number;
  failFast: boolean;
  /** build: tests block the children of the node they test. */
  testsBlockChildren: boolean;
  onRunStart: Hook[];
  onRunEnd: Hook[];
  describe: (node: ManifestNode) => string;
  reporter: Reporter;
  signal?: AbortSignal;
}

export async function runInvocation(options: InvocationOptions): Promise<RunResult> {
  const { adapter, manifest, reporter } = options;
  await createSchemas(adapter, manifest, options.order);
  await runHooks('on-run-start', options.onRunStart, options, []);
  const run = await executeNodes({
    manifest,
    order: options.order,
    threads: options.threads,
    failFast: options.failFast,
    testsBlockChildren: options.testsBlockChildren,
    execute: createNodeExecutor(options),
    describe: options.describe,
    reporter,
    signal: options.signal,
  });
  await runHooks('on-run-end', options.onRunEnd, options, run.results);
  return run;
}

async function createSchemas(adapter: Adapter, manifest: Manifest, order: string[]): Promise<void> {
  const schemas = new Set<string>();
  for (const id of order) {
    const node = manifest.nodes[id];
    if (node && (node.resource_type === 'model' || node.resource_type === 'seed' || node.resource_type === 'snapshot') && node.config.materialized !== 'ephemeral') {
      schemas.add(node.schema);
    }
  }
  for (const schema of schemas) {
    if (!(await adapter.schemaExists(schema))) await adapter.createSchema(schema);
  }
}

async function runHooks(kind: 'on-run-start' | 'on-run-end', hooks: Hook[], options: InvocationOptions, results: NodeResult[]): Promise<void> {
  if (hooks.length === 0) return;
  const { reporter, compiler } = options;
  reporter.info(`Running ${hooks.length} ${kind} hook${hooks.length === 1 ? '' : 's'}`);
  const runtime = warehouseRuntime(options.adapter, { fullRefresh: options.flags.fullRefresh, pendingLoadIds: options.pendingLoadIds });
  // dbt's hooks read `res.node.name`, `res.status`, `res.failures`: attach the node to each result.
  const withNodes = results.map((result) => ({ ...result, node: options.manifest.nodes[result.unique_id] ?? null }));
  for (const [i, hook] of hooks.entries()) {
    const sql = await compiler.renderTemplate(hook.sql, null, runtime, { results: withNodes });
    if (sql.trim() === '') continue;
    const started = performance.now();
    const result = await options.adapter.query(sql);
    reporter.info(`${i + 1} of ${hooks.length} OK hook: ${kind}.${i} [${result.command} in ${((performance.now() - started) / 1000).toFixed(2)}s]`);
  }
}
