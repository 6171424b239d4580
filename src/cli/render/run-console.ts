/** Renders runner events and the end-of-run summary as dbt's console lines. */
import type { ManifestNode } from '../../core/index.js';
import type { NodeEvent, NodeResult, Reporter, RunResult } from '../../runner/index.js';
import type { Output } from './output.js';
import { progressLine } from './output.js';
import { ProgressTracker } from './progress.js';

export function describeNode(node: ManifestNode): string {
  const relation = `${node.schema}.${node.alias}`;
  switch (node.resource_type) {
    case 'model':
      return `sql ${node.config.materialized} model ${relation}`;
    case 'seed':
      return `seed file ${relation}`;
    case 'snapshot':
      return `snapshot ${relation}`;
    case 'test':
      return `test ${node.name}`;
    case 'unit_test':
      return `unit_test ${node.name}`;
    default:
      return `${node.resource_type} ${node.name}`;
  }
}

export class ConsoleReporter implements Reporter {
  readonly #out: Output;
  readonly #progress: ProgressTracker;
  constructor(out: Output) {
    this.#out = out;
    this.#progress = new ProgressTracker(out.progressEnabled ? (line) => out.status(line) : null, () => out.columns);
  }

  /** Erase the progress bar before the summary. */
  end(): void {
    this.#progress.clear();
  }

  info(message: string): void {
    this.#out.line(message);
  }
  warn(message: string): void {
    this.#out.line(this.#out.chalk.yellow(`[WARNING]: ${message}`), {}, 'warn');
  }
  debug(message: string): void {
    this.#out.log(message);
  }

  nodeStart(event: NodeEvent): void {
    this.#progress.start(event.node.name, event.total);
    this.#out.line(progressLine(event.index, event.total, `START ${event.description}`, 'RUN'), {
      event: 'node_start',
      unique_id: event.node.unique_id,
      index: event.index,
      total: event.total,
    });
  }

  nodeResult(event: NodeEvent, result: NodeResult): void {
    if (result.status === 'skipped') this.#progress.start(event.node.name, event.total);
    this.#progress.finish(event.node.name, event.total);
    const { chalk } = this.#out;
    const node = event.node;
    const seconds = `${result.execution_time.toFixed(2)}s`;
    let text: string;
    let status: string;
    const isTest = node.resource_type === 'test' || node.resource_type === 'unit_test';
    switch (result.status) {
      case 'skipped':
        text = isTest ? `SKIP test ${node.name}` : `SKIP relation ${node.schema}.${node.alias}`;
        status = chalk.yellow('SKIP');
        break;
      case 'pass':
        text = chalk.green('PASS') + ` ${node.name}`;
        status = chalk.green('PASS') + ` in ${seconds}`;
        break;
      case 'warn':
        text = chalk.yellow(`WARN ${result.failures ?? ''}`.trim()) + ` ${node.name}`;
        status = chalk.yellow('WARN') + ` ${result.failures ?? ''} in ${seconds}`;
        break;
      case 'fail':
        text = chalk.red(`FAIL ${result.failures ?? ''}`.trim()) + ` ${node.name}`;
        status = chalk.red('FAIL') + ` ${result.failures ?? ''} in ${seconds}`;
        break;
      case 'error':
      case 'runtime error':
        text = chalk.red('ERROR') + (isTest ? ` ${node.name}` : ` creating ${event.description}`);
        status = chalk.red('ERROR') + ` in ${seconds}`;
        break;
      default: {
        const verb = node.resource_type === 'seed' ? 'loaded' : node.resource_type === 'snapshot' ? 'snapshotted' : 'created';
        text = chalk.green('OK') + ` ${verb} ${event.description}`;
        status = `${result.adapter_response._message ?? result.message} in ${seconds}`;
      }
    }
    this.#out.line(progressLine(event.index, event.total, text, status), {
      event: 'node_finished',
      unique_id: node.unique_id,
      status: result.status,
      execution_time: result.execution_time,
      message: result.message,
      failures: result.failures,
    }, result.status === 'error' || result.status === 'fail' ? 'info' : 'info');
  }
}

/** "Finished running 1 view model, 2 tests in 0 hours 0 minutes and 1.45 seconds (1.45s)." and the summary. */
export function printRunSummary(out: Output, run: RunResult, nodes: Record<string, ManifestNode>, projectRoot: string): void {
  const { chalk } = out;
  const counts = new Map<string, number>();
  for (const result of run.results) {
    const node = nodes[result.unique_id];
    if (!node) continue;
    const kind = node.resource_type === 'model' ? `${node.config.materialized} model` : node.resource_type === 'unit_test' ? 'unit test' : node.resource_type;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const stat = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : kind.endsWith('s') ? 'es' : 's'}`)
    .join(', ');
  const secs = run.elapsed_time;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs - h * 3600 - m * 60;
  out.line('');
  out.line(`Finished running ${stat || 'nothing'} in ${h} hours ${m} minutes and ${s.toFixed(2)} seconds (${secs.toFixed(2)}s).`);
  out.line('');

  const errors = run.results.filter((r) => r.status === 'error' || r.status === 'runtime error' || r.status === 'fail');
  const warnings = run.results.filter((r) => r.status === 'warn');
  if (errors.length === 0 && warnings.length === 0) {
    out.line(chalk.green('Completed successfully'));
  } else {
    const colour = errors.length > 0 ? chalk.red : chalk.yellow;
    out.line(colour(`Completed with ${errors.length} error${errors.length === 1 ? '' : 's'}, 0 partial successes, and ${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`));
    for (const result of [...errors, ...warnings]) {
      const node = nodes[result.unique_id];
      if (!node) continue;
      out.line('');
      const tag = result.status === 'warn' ? chalk.yellow('[WARNING]') : chalk.red('[ERROR]');
      const label = result.status === 'fail' || result.status === 'warn' ? `${result.status === 'warn' ? 'Warning' : 'Failure'} in ${node.resource_type} ${node.name} (${node.original_file_path})` : `in ${node.resource_type} ${node.name} (${node.original_file_path})`;
      out.line(`${tag}: ${label}`);
      for (const line of (result.error ?? result.message).split('\n')) out.line(`  ${line}`);
      if (result.stored_failures) {
        out.line('');
        out.line('  See test failures:');
        out.line(`  ${result.stored_failures}`);
      }
      if (result.compiled_path) {
        out.line('');
        out.line(`  compiled code at ${result.compiled_path}`);
      }
    }
  }
  void projectRoot;
  out.line('');
  const tally = (statuses: string[]): number => run.results.filter((r) => statuses.includes(r.status)).length;
  const pass = tally(['success', 'pass']);
  const warn = tally(['warn']);
  const error = tally(['error', 'fail', 'runtime error']);
  const skip = tally(['skipped']);
  const noop = tally(['no-op']);
  out.line(`Done. PASS=${pass} WARN=${warn} ERROR=${error} SKIP=${skip} NO-OP=${noop} TOTAL=${run.results.length}`, {
    event: 'run_finished',
    pass,
    warn,
    error,
    skip,
    total: run.results.length,
  });
}
