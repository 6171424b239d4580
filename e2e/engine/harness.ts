/**
 * Shared helpers of the engine end-to-end tests: the CLI in-process (`main`, fast: no child process, an open
 * warehouse can be reused) and small readers for the artifacts the CLI writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Adapter } from '../../src/adapters/index.js';
import { main } from '../../src/cli/main.js';
import type { CliResult } from '../cli.js';

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** `chatsem <args>` in this process, on the project in `projectDir`. */
export async function runMain(projectDir: string, args: string[], options: { adapter?: Adapter } = {}): Promise<CliResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await main(['node', 'chatsem', ...args, '--project-dir', projectDir], { stdout, stderr, adapter: options.adapter });
  return { code, stdout: stdout.text, stderr: stderr.text, output: stdout.text + stderr.text };
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface RunResultsFile {
  metadata: Record<string, unknown>;
  args: Record<string, unknown>;
  elapsed_time: number;
  results: {
    unique_id: string;
    status: string;
    message: string | null;
    failures: number | null;
    thread_id: string;
    execution_time: number;
    timing: { name: string; started_at: string; completed_at: string }[];
    adapter_response: { rows_affected?: number; _message?: string; code?: string };
    compiled_code: string | null;
  }[];
}

export function runResults(projectDir: string): RunResultsFile {
  return readJson<RunResultsFile>(join(projectDir, 'target', 'run_results.json'));
}

/** unique_id → status of the last invocation. */
export function statuses(projectDir: string): Record<string, string> {
  return Object.fromEntries(runResults(projectDir).results.map((r) => [r.unique_id, r.status]));
}

/** The lines of the output without their `HH:MM:SS  ` prefix. */
export function lines(output: string): string[] {
  return output.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/, ''));
}

/** Rows of `show --output json` (the CLI's machine-readable preview). */
export function shownRows(stdout: string): Record<string, unknown>[] {
  const line = stdout.split('\n').find((l) => l.startsWith('{"node"'));
  if (!line) throw new Error(`no JSON rows in the output:\n${stdout}`);
  return (JSON.parse(line) as { show: Record<string, unknown>[] }).show;
}
