/**
 * Runs selected nodes in dependency order with a pool of `threads` workers. A failed node skips everything that
 * waits on it; `failFast` stops scheduling after the first failure. Never throws for node failures: every node
 * gets a NodeResult.
 */
import type { Manifest, ManifestNode } from '../core/index.js';
import { ChatsemError, describeError } from '../core/index.js';
import type { Reporter } from './reporter.js';
import type { NodeResult, NodeStatus, RunResult } from './run-result.js';
import { isFailure } from './run-result.js';
import { blockingDependencies } from './schedule.js';

export interface NodeOutcome {
  status: NodeStatus;
  message: string;
  failures?: number | null;
  rowsAffected?: number | null;
  adapterMessage?: string;
  compiledCode?: string | null;
  storedFailures?: string | null;
  compiledPath?: string | null;
  error?: string | null;
}

export type NodeExecutor = (node: ManifestNode, threadId: string) => Promise<NodeOutcome>;

export interface ExecuteOptions {
  manifest: Manifest;
  /** Selected node ids in a stable (topological) order; the order decides ties between ready nodes. */
  order: string[];
  threads: number;
  failFast: boolean;
  testsBlockChildren: boolean;
  execute: NodeExecutor;
  describe: (node: ManifestNode) => string;
  reporter: Reporter;
  signal?: AbortSignal;
}

export async function executeNodes(options: ExecuteOptions): Promise<RunResult> {
  const { manifest, order, reporter } = options;
  const startedAt = new Date();
  const selected = new Set(order);
  const blockers = blockingDependencies(manifest, selected, { testsBlockChildren: options.testsBlockChildren });
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const id of order) {
    waitingOn.set(id, new Set(blockers.get(id)));
    for (const blocker of blockers.get(id) ?? []) {
      const list = dependents.get(blocker) ?? [];
      list.push(id);
      dependents.set(blocker, list);
    }
  }
  const position = new Map(order.map((id, i) => [id, i]));
  const results = new Map<string, NodeResult>();
  const ready: string[] = order.filter((id) => waitingOn.get(id)!.size === 0);
  let started = 0;
  let stopped = false;

  const finish = (id: string, result: NodeResult): void => {
    results.set(id, result);
    const failed = isFailure(result.status) || result.status === 'skipped';
    for (const dependent of dependents.get(id) ?? []) {
      const waits = waitingOn.get(dependent)!;
      waits.delete(id);
      if (failed && !results.has(dependent)) skip(dependent, result.status === 'skipped' ? (result.skipped_because ?? id) : id);
      else if (waits.size === 0 && !results.has(dependent)) insertReady(dependent);
    }
    if (isFailure(result.status) && options.failFast) stopped = true;
  };

  const skip = (id: string, because: string): void => {
    if (results.has(id)) return;
    const node = manifest.nodes[id]!;
    started += 1;
    const event = { node, index: started, total: order.length, description: options.describe(node) };
    const result = emptyResult(id, 'skipped', `Skipped because ${because} failed`);
    result.skipped_because = because;
    reporter.nodeResult(event, result);
    finish(id, result);
  };

  const insertReady = (id: string): void => {
    const p = position.get(id)!;
    let i = ready.length;
    while (i > 0 && position.get(ready[i - 1]!)! > p) i -= 1;
    ready.splice(i, 0, id);
  };

  const worker = async (threadNumber: number): Promise<void> => {
    const threadId = `Thread-${threadNumber}`;
    for (;;) {
      if (options.signal?.aborted) stopped = true;
      if (stopped) return wakeAll();
      const id = ready.shift();
      if (id === undefined) {
        if (results.size + inFlight.size >= order.length || inFlight.size === 0) return wakeAll();
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      inFlight.add(id);
      const node = manifest.nodes[id]!;
      started += 1;
      const event = { node, index: started, total: order.length, description: options.describe(node) };
      reporter.nodeStart(event);
      const t0 = new Date();
      let outcome: NodeOutcome;
      try {
        outcome = await options.execute(node, threadId);
      } catch (error) {
        outcome = outcomeFromError(error);
      }
      const t1 = new Date();
      const result = toResult(id, outcome, threadId, t0, t1, node);
      inFlight.delete(id);
      reporter.nodeResult(event, result);
      finish(id, result);
      wakeAll();
    }
  };
  const inFlight = new Set<string>();
  const waiters: (() => void)[] = [];
  const wakeAll = (): void => {
    for (const wake of waiters.splice(0)) wake();
  };

  const threads = Math.max(1, Math.min(options.threads, order.length || 1));
  await Promise.all(Array.from({ length: threads }, (_, i) => worker(i + 1)));

  // Nodes never reached (fail-fast or Ctrl-C) are reported as skipped so run_results lists every selected node.
  for (const id of order) {
    if (!results.has(id)) {
      const result = emptyResult(id, 'skipped', stopped ? 'Skipped: the run was stopped early' : 'Skipped');
      results.set(id, result);
    }
  }
  const ordered = order.map((id) => results.get(id)!);
  const elapsed = (Date.now() - startedAt.getTime()) / 1000;
  return {
    results: ordered,
    elapsed_time: elapsed,
    started_at: startedAt.toISOString(),
    success: ordered.every((r) => !isFailure(r.status) && r.status !== 'skipped'),
  };
}

function outcomeFromError(error: unknown): NodeOutcome {
  if (error instanceof ChatsemError) {
    return { status: 'error', message: error.message, error: describeError(error) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', message, error: error instanceof Error ? (error.stack ?? message) : message };
}

function toResult(id: string, outcome: NodeOutcome, threadId: string, t0: Date, t1: Date, node: ManifestNode): NodeResult {
  const adapter_response: NodeResult['adapter_response'] = {};
  if (outcome.adapterMessage !== undefined) {
    adapter_response._message = outcome.adapterMessage;
    adapter_response.code = outcome.adapterMessage.split(' ')[0];
  }
  if (outcome.rowsAffected !== undefined && outcome.rowsAffected !== null) adapter_response.rows_affected = outcome.rowsAffected;
  return {
    unique_id: id,
    status: outcome.status,
    message: outcome.message,
    failures: outcome.failures ?? null,
    execution_time: (t1.getTime() - t0.getTime()) / 1000,
    thread_id: threadId,
    timing: [{ name: 'execute', started_at: t0.toISOString(), completed_at: t1.toISOString() }],
    adapter_response,
    compiled_code: outcome.compiledCode ?? node.compiled_code ?? null,
    relation_name: node.relation_name,
    compiled_path: outcome.compiledPath ?? node.compiled_path ?? null,
    stored_failures: outcome.storedFailures ?? null,
    skipped_because: null,
    error: outcome.error ?? null,
  };
}

function emptyResult(id: string, status: NodeStatus, message: string): NodeResult {
  const now = new Date().toISOString();
  return {
    unique_id: id,
    status,
    message,
    failures: null,
    execution_time: 0,
    thread_id: 'Thread-1',
    timing: [{ name: 'execute', started_at: now, completed_at: now }],
    adapter_response: {},
    compiled_code: null,
    relation_name: null,
    compiled_path: null,
    stored_failures: null,
    skipped_because: null,
    error: null,
  };
}
