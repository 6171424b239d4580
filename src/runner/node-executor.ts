/**
 * The per-resource work of a run: models are rendered (again, when they read run-time state) and materialized,
 * snapshots recorded (SCD type 2), seeds loaded through COPY, tests evaluated. Returns a NodeOutcome for the scheduler.
 */
import type { Adapter } from '../adapters/index.js';
import type { ProjectCompiler, RuntimeContext } from '../compiler/index.js';
import { DatabaseError, Relation } from '../core/index.js';
import type { Manifest, ManifestNode, RelationType } from '../core/index.js';
import { isIncrementalRun, isRunnable, loadSeed, materialize, snapshot } from '../materializations/index.js';
import { explainTestError, runDataTest, runUnitTest } from '../testing/index.js';
import { describeNodeError } from './database-error.js';
import type { NodeExecutor, NodeOutcome } from './execute.js';
import { RelationCache } from './relation-cache.js';
import { warehouseRuntime } from './warehouse-runtime.js';
import type { Reporter } from './reporter.js';

export interface RunFlagsForNodes {
  fullRefresh: boolean;
  empty: boolean;
  storeFailures: boolean;
}

export interface NodeExecutorDeps {
  adapter: Adapter;
  manifest: Manifest;
  compiler: ProjectCompiler;
  flags: RunFlagsForNodes;
  pendingLoadIds: string[] | null;
  /** Absolute path of a seed's CSV file. */
  seedFile: (node: ManifestNode) => string;
  /** Schema of store_failures tables (`<target schema>_test_failures`); default: next to the test's schema. */
  storeFailuresSchema?: string;
  /** Called with the statements a node executed (target/run/…). */
  onExecutedSql?: (node: ManifestNode, statements: string[]) => void;
  reporter: Reporter;
}

export function createNodeExecutor(deps: NodeExecutorDeps): NodeExecutor {
  const relations = new RelationCache(deps.adapter);
  const runtimeFor = (isIncremental: boolean): RuntimeContext =>
    warehouseRuntime(deps.adapter, { isIncremental, fullRefresh: deps.flags.fullRefresh, pendingLoadIds: deps.pendingLoadIds });

  const renderSql = async (node: ManifestNode, runtime: RuntimeContext): Promise<string> =>
    node.renders_at_runtime ? deps.compiler.renderAtRuntime(node, runtime) : (node.compiled_code ?? '');

  const runModel = async (node: ManifestNode): Promise<NodeOutcome> => {
    const known = await relations.known(node.schema, node.alias);
    const incremental = isIncrementalRun(node, known.existing, deps.flags.fullRefresh);
    const runtime = runtimeFor(incremental);
    const sql = await renderSql(node, runtime);
    try {
      const preHooks = await Promise.all(node.config.pre_hook.map((h) => deps.compiler.renderTemplate(h, node, runtime)));
      const postHooks = await Promise.all(node.config.post_hook.map((h) => deps.compiler.renderTemplate(h, node, runtime)));
      const relation = new Relation({ schema: node.schema, identifier: node.alias, type: relationType(node) });
      const result =
        node.resource_type === 'snapshot'
          ? await snapshot(deps.adapter, { node, sql, relation, preHooks, postHooks })
          : await materialize(deps.adapter, { node, sql, relation, fullRefresh: deps.flags.fullRefresh, preHooks, postHooks, known });
      deps.onExecutedSql?.(node, result.executedSql);
      await relations.set({ schema: node.schema, name: node.alias, type: relationType(node) === 'view' ? 'view' : relationType(node) === 'materialized_view' ? 'materialized_view' : 'table' });
      if (node.resource_type === 'model') for (const leftover of known.leftovers) await relations.delete(leftover.schema, leftover.name);
      return { status: 'success', message: result.message, adapterMessage: result.message, rowsAffected: result.rowsAffected, compiledCode: sql };
    } catch (error) {
      return { status: 'error', message: firstLine(error), error: describeNodeError(error, node, sql), compiledCode: sql };
    }
  };

  const runSeed = async (node: ManifestNode): Promise<NodeOutcome> => {
    try {
      const relation = new Relation({ schema: node.schema, identifier: node.alias });
      const result = await loadSeed(deps.adapter, {
        filePath: deps.seedFile(node),
        relation,
        config: node.config as Parameters<typeof loadSeed>[1]['config'],
        fullRefresh: deps.flags.fullRefresh,
      });
      await relations.set({ schema: node.schema, name: node.alias, type: 'table' });
      return { status: 'success', message: result.message, adapterMessage: result.message, rowsAffected: result.rowsAffected };
    } catch (error) {
      return { status: 'error', message: firstLine(error), error: describeNodeError(error, node, null) };
    }
  };

  const runTest = async (node: ManifestNode): Promise<NodeOutcome> => {
    let sql: string | null = null;
    try {
      if (node.resource_type === 'unit_test') {
        const model = deps.manifest.nodes[node.depends_on.nodes.find((id) => id.startsWith('model.')) ?? ''];
        if (!model) return { status: 'error', message: `unit test ${node.name}: the model it tests is not in the project` };
        const modelSql = model.renders_at_runtime ? await deps.compiler.renderAtRuntime(model, runtimeFor(false)) : undefined;
        const outcome = await runUnitTest(deps.adapter, { node, model, manifest: deps.manifest, modelSql });
        return { status: outcome.status, message: outcome.message, failures: outcome.failures, error: outcome.status === 'pass' ? null : outcome.message };
      }
      sql = await renderSql(node, runtimeFor(false));
      const outcome = await runDataTest(deps.adapter, { node, sql, storeFailures: deps.flags.storeFailures, storeFailuresSchema: deps.storeFailuresSchema, manifest: deps.manifest });
      return {
        status: outcome.status,
        message: outcome.error ? outcome.error.message : outcome.message,
        failures: outcome.failures,
        storedFailures: outcome.status === 'warn' || outcome.status === 'fail' ? outcome.storedIn : null,
        compiledCode: sql,
        error: outcome.status === 'pass' ? null : outcome.error ? describeNodeError(outcome.error, node, sql) : outcome.message,
      };
    } catch (error) {
      const explained = error instanceof DatabaseError ? explainTestError(error, node, deps.manifest) : error;
      return { status: 'error', message: firstLine(explained), error: describeNodeError(explained, node, sql), compiledCode: sql };
    }
  };

  return async (node) => {
    switch (node.resource_type) {
      case 'model':
        return isRunnable(node) ? runModel(node) : { status: 'no-op', message: 'ephemeral' };
      case 'seed':
        return runSeed(node);
      case 'snapshot':
        // Same rendering, hooks and bookkeeping as a model; only the materialization differs.
        return runModel(node);
      case 'test':
      case 'unit_test':
        return runTest(node);
      default:
        return { status: 'no-op', message: `${node.resource_type} nodes are not run` };
    }
  };
}

function relationType(node: ManifestNode): RelationType {
  if (node.config.materialized === 'view') return 'view';
  if (node.config.materialized === 'materialized_view') return 'materialized_view';
  return 'table';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
