import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_RESULTS_SCHEMA, artifactMetadata } from './artifact-metadata.js';
import { redactArgs, redactText } from './redact.js';
import type { InvocationInfo, RunNodeResult, RunResultEntry, RunResultsArtifact, RunResultsInput } from './types.js';
import { writeFileAtomic } from './write-file.js';

export const DEFAULT_HISTORY_LIMIT = 50;
const HISTORY_DIR = 'runs';

/**
 * Collects node results during an invocation and writes `target/run_results.json` (dbt v6) plus a history copy in
 * `target/runs/`. The runner calls `write()` in a `finally`, so a failed or interrupted run still leaves its results
 * (dbt sometimes leaves none, dbt-core#10898); dbt's one-file-per-target habit loses history, hence the copies.
 */
export class RunResultsWriter {
  readonly #targetDir: string;
  readonly #info: InvocationInfo;
  readonly #results: RunNodeResult[] = [];

  constructor(targetDir: string, info: InvocationInfo) {
    this.#targetDir = targetDir;
    this.#info = info;
  }

  add(result: RunNodeResult): void {
    this.#results.push(result);
  }

  /** Writes everything added so far; safe to call more than once (each call rewrites the same history file). */
  write(options: { elapsedTime?: number; historyLimit?: number; generatedAt?: Date } = {}): RunResultsArtifact {
    return writeRunResults(this.#targetDir, { ...this.#info, ...options, results: this.#results });
  }
}

/** One-shot form of `RunResultsWriter`: builds the artifact, writes it and its history copy, prunes history. */
export function writeRunResults(targetDir: string, input: RunResultsInput): RunResultsArtifact {
  const artifact = runResultsArtifact(input);
  const json = JSON.stringify(artifact);
  writeFileAtomic(join(targetDir, 'run_results.json'), json);
  const historyDir = join(targetDir, HISTORY_DIR);
  writeFileAtomic(join(historyDir, historyFileName(artifact.metadata.generated_at, artifact.metadata.invocation_id)), json);
  pruneHistory(historyDir, input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  return artifact;
}

export function runResultsArtifact(input: RunResultsInput): RunResultsArtifact {
  const metadata = artifactMetadata(RUN_RESULTS_SCHEMA, input);
  const args = redactArgs(input.args ?? {});
  // dbt records the verb as `which`; `chatsem retry` reads it back.
  if (args.which === undefined && typeof args.command === 'string') args.which = args.command;
  const elapsed = input.elapsedTime ?? (Date.parse(metadata.generated_at) - input.startedAt.getTime()) / 1000;
  return {
    metadata,
    results: input.results.map(resultEntry),
    elapsed_time: elapsed,
    args,
  };
}

function resultEntry(result: RunNodeResult): RunResultEntry {
  const response = result.adapter_response ?? {};
  const adapterResponse: RunResultEntry['adapter_response'] = {};
  if (response._message !== undefined) adapterResponse._message = response._message;
  if (response.code !== undefined) adapterResponse.code = response.code;
  if (response.rows_affected !== undefined) adapterResponse.rows_affected = response.rows_affected;
  return {
    status: result.status,
    timing: result.timing.map(({ name, started_at, completed_at }) => ({ name, started_at, completed_at })),
    thread_id: result.thread_id,
    execution_time: result.execution_time,
    adapter_response: adapterResponse,
    // Error messages can quote a connection string; never let a password into an artifact.
    message: result.message === null || result.message === undefined ? null : redactText(result.message),
    failures: result.failures ?? null,
    unique_id: result.unique_id,
    compiled: result.compiled_code !== null && result.compiled_code !== undefined,
    compiled_code: result.compiled_code ?? null,
    relation_name: result.relation_name ?? null,
    batch_results: null,
  };
}

/** `2024-05-01T12-03-04.123Z_<invocation id>.json`: sortable by time, and free of `:` so it is valid on Windows. */
export function historyFileName(generatedAt: string, invocationId: string): string {
  return `${generatedAt.replace(/:/g, '-')}_${invocationId.replace(/[^A-Za-z0-9-]/g, '_')}.json`;
}

/** Keeps the `limit` most recent history files (by name, which starts with the timestamp). */
export function pruneHistory(historyDir: string, limit: number): string[] {
  let names: string[];
  try {
    names = readdirSync(historyDir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  names.sort();
  const removed = names.slice(0, Math.max(0, names.length - Math.max(limit, 0)));
  for (const name of removed) rmSync(join(historyDir, name), { force: true });
  return removed;
}
