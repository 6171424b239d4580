/** `run`, `seed`, `test`, `build`, `snapshot`: select, run against the warehouse, write run_results, summarise. */
import { join } from 'node:path';
import { ChatsemError, ChatsemErrors, Relation } from '../../core/index.js';
import type { ResourceType } from '../../core/index.js';
import { checkRelationNames } from '../../materializations/index.js';
import { beginLoadsRun } from '../../loads/index.js';
import type { LoadsRun } from '../../loads/index.js';
import { runInvocation } from '../../runner/index.js';
import type { RunResult } from '../../runner/index.js';
import { RunFileWriter, writeRunResults } from '../../artifacts/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, runFlags, selectionOptions } from '../options.js';
import type { Output } from '../render/output.js';
import { ConsoleReporter, describeNode, printRunSummary } from '../render/run-console.js';
import { openSession, select } from '../session.js';
import type { Session } from '../session.js';
import { printHeader } from './header.js';

type Verb = 'run' | 'seed' | 'test' | 'build' | 'snapshot';

const resourceTypes: Record<Verb, ResourceType[]> = {
  run: ['model'],
  seed: ['seed'],
  test: ['test', 'unit_test'],
  build: ['seed', 'model', 'snapshot', 'test', 'unit_test'],
  snapshot: ['snapshot'],
};

export const runCommand: CommandHandler = (args) => execute('run', args);
export const seedCommand: CommandHandler = (args) => execute('seed', args);
export const testCommand: CommandHandler = (args) => execute('test', args);
export const buildCommand: CommandHandler = (args) => execute('build', args);
export const snapshotCommand: CommandHandler = (args) => execute('snapshot', args);

async function execute(verb: Verb, { positional, options, out, adapter }: Parameters<CommandHandler>[0], onlyIds?: string[]): Promise<number> {
  const global = globalOptions(options);
  const flags = runFlags(options);
  const session = await openSession(out, { adapter, global, threads: flags.threads, empty: flags.empty });
  try {
    const order = onlyIds
      ? session.graph.topologicalOrder(onlyIds.filter((id) => session.manifest.nodes[id]))
      : select(session, selectionOptions(positional, options), { resourceTypes: resourceTypes[verb] });
    return await runSelected(verb, session, order, out, { ...flags, storeFailures: Boolean(options.storeFailures) });
  } finally {
    await session.close();
  }
}

/** Shared by the verbs above and by `retry`. */
export async function runSelected(
  verb: Verb,
  session: Session,
  selected: string[],
  out: Output,
  flags: { fullRefresh: boolean; failFast: boolean; threads: number | undefined; empty: boolean; storeFailures: boolean },
): Promise<number> {
  const { manifest, project } = session;
  const order = selected.filter((id) => {
    const node = manifest.nodes[id];
    return node && node.resource_type !== 'analysis' && !(node.resource_type === 'model' && node.config.materialized === 'ephemeral');
  });
  checkRelationNamesUpFront(manifest, order);
  printHeader(out, session);
  session.writeCompiled(order);
  if (order.length === 0) {
    out.line(out.chalk.yellow('[WARNING]: Nothing to do. Try checking your model configs and model specification args'), {}, 'warn');
    return 0;
  }
  const adapter = await session.adapter();
  const threads = adapter.capabilities.multipleConnections ? (flags.threads ?? adapter.threads) : 1;
  out.line(`Concurrency: ${threads} thread${threads === 1 ? '' : 's'} (target='${session.target.name}')`);
  out.line('');

  let loads: LoadsRun | null = null;
  const touchesModels = order.some((id) => manifest.nodes[id]?.resource_type === 'model');
  if (project.config.loads?.enabled && touchesModels && (verb === 'run' || verb === 'build')) {
    const schema = (await session.compiler.renderTemplate(project.config.loads.schema, null, null)).trim();
    // A model built for the first time (or dropped by hand) must see every load, not only the pending ones:
    // staging holds just the affected senders, so the new table would otherwise miss everyone else.
    const missing = await missingIncrementalModels(session, order);
    if (missing.length > 0 && !flags.fullRefresh) {
      out.line(`First build of ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}: processing all loads`);
    }
    loads = await beginLoadsRun(adapter, {
      schema,
      table: project.config.loads.table,
      fullRefresh: flags.fullRefresh || missing.length > 0,
      lockTimeoutMs: Number(process.env.CHATSEM_LOCK_TIMEOUT_MS ?? 600_000),
      onWait: (message) => out.line(message),
    });
    if (!flags.fullRefresh && missing.length === 0 && loads.pendingIds.length === 0) {
      await loads.release();
      out.line(`Nothing to do: no pending loads in ${schema}.${loads.table} (every load is already processed).`, { event: 'no_pending_loads' });
      return 0;
    }
    out.line(
      flags.fullRefresh || missing.length > 0
        ? `${flags.fullRefresh ? 'Full refresh' : 'First build'}: processing all ${loads.loadIds.length} load${loads.loadIds.length === 1 ? '' : 's'} in ${schema}.${loads.table}`
        : `Processing ${loads.pendingIds.length} pending load${loads.pendingIds.length === 1 ? '' : 's'} from ${schema}.${loads.table}`,
    );
    out.line('');
  }

  const controller = new AbortController();
  const onSignal = (): void => {
    out.error('Interrupted: cancelling statements in flight (press Ctrl-C again to force quit)');
    controller.abort();
    void adapter.cancel();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);

  let run: RunResult | null = null;
  let unwritten: { file: string; message: string }[] = [];
  const runFiles = new RunFileWriter(session.targetDir, project.config.name);
  const reporter = new ConsoleReporter(out);
  try {
    run = await runInvocation({
      adapter,
      manifest,
      compiler: session.compiler,
      flags: { fullRefresh: flags.fullRefresh, empty: flags.empty, storeFailures: flags.storeFailures },
      pendingLoadIds: loads ? loads.loadIds : null,
      storeFailuresSchema: `${session.target.schema}_test_failures`,
      seedFile: (node) => join(project.config.root, node.original_file_path),
      onExecutedSql: (node, statements) => runFiles.write(node, statements.join(';\n\n') + ';\n'),
      order,
      threads,
      failFast: flags.failFast,
      testsBlockChildren: verb === 'build',
      onRunStart: verb === 'run' || verb === 'build' || verb === 'seed' || verb === 'snapshot' || verb === 'test' ? project.config.onRunStart : [],
      onRunEnd: project.config.onRunEnd,
      describe: describeNode,
      reporter,
      signal: controller.signal,
    });
    if (loads) {
      if (run.success && !controller.signal.aborted) {
        const marked = await loads.markProcessed();
        out.line(`Marked ${marked} load${marked === 1 ? '' : 's'} as processed in ${loads.schema}.${loads.table}`, { event: 'loads_processed', count: marked });
      } else {
        await loads.release();
        out.line(`Loads left pending in ${loads.schema}.${loads.table}: the run did not succeed, the next run processes them again.`, {}, 'warn');
      }
    }
  } finally {
    reporter.end();
    process.removeListener('SIGINT', onSignal);
    if (loads && !run) await loads.release();
    unwritten = await runFiles.settle();
    writeRunResults(session.targetDir, {
      invocationId: session.invocationId,
      startedAt: session.runStartedAt,
      results: run?.results ?? [],
      elapsedTime: run?.elapsed_time ?? (Date.now() - session.runStartedAt.getTime()) / 1000,
      args: { command: verb, select: selected.length, full_refresh: flags.fullRefresh, target: session.target.name },
    });
  }
  printRunSummary(out, run!, manifest.nodes, project.config.root);
  for (const { file, message } of unwritten) out.error(`Could not write the executed statements to ${file}: ${message}`);
  if (controller.signal.aborted) return 2;
  return run!.success && unwritten.length === 0 ? 0 : 1;
}

/** Incremental models of the selection whose table does not exist yet. */
async function missingIncrementalModels(session: Session, order: string[]): Promise<string[]> {
  const adapter = await session.adapter();
  const models = order.map((id) => session.manifest.nodes[id]!).filter((n) => n?.resource_type === 'model' && n.config.materialized === 'incremental');
  const schemas = [...new Set(models.map((n) => n.schema))];
  if (schemas.length === 0) return [];
  const existing = new Set((await adapter.listRelations(schemas)).map((r) => `${r.schema}.${r.name}`));
  return models.filter((n) => !existing.has(`${n.schema}.${n.alias}`)).map((n) => n.name);
}

/**
 * A model whose name (plus chatsem's temporary suffix) is too long for PostgreSQL would only fail when its turn
 * comes, after hooks and other models already ran: reject every such name before any SQL runs.
 */
function checkRelationNamesUpFront(manifest: Session['manifest'], order: string[]): void {
  const errors: ChatsemError[] = [];
  for (const id of order) {
    const node = manifest.nodes[id];
    if (!node || (node.resource_type !== 'model' && node.resource_type !== 'snapshot')) continue;
    try {
      checkRelationNames(node, new Relation({ schema: node.schema, identifier: node.alias }));
    } catch (error) {
      if (error instanceof ChatsemError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw new ChatsemErrors(errors);
}
