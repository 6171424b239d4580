/**
 * Shared helpers of the engine end-to-end tests: the CLI in-process (`main`, fast: no child process, an open
 * warehouse can be reused) and small readers for the artifacts the CLI writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Adapter } from '../../src/adapters/index.js';
import { main } from '../../src/cli/main.js';
import { cliPath, type CliResult } from '../cli.js';

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

/** A CLI child process whose output can be watched while it runs (to kill it at a chosen moment). */
export interface LiveCli {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches `pattern` (rejects when the process ends first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): LiveCli {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', DATABASE_URL: undefined, CHATSEM_PROFILES_DIR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const listener of listeners) listener();
  });
  const done = new Promise<CliResult>((resolvePromise) => {
    child.on('close', (code, signal) => {
      for (const listener of listeners) listener();
      resolvePromise({ code: code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : -1), stdout, stderr, output: stdout + stderr });
    });
  });
  let closed = false;
  void done.then(() => (closed = true));
  return {
    child,
    output: () => stdout + stderr,
    done,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise<void>((resolvePromise, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; output so far:\n${stdout}${stderr}`)), timeoutMs);
        const check = (): void => {
          if (pattern.test(stdout + stderr)) finish();
          else if (closed) finish(new Error(`the process ended before printing ${pattern}:\n${stdout}${stderr}`));
        };
        const finish = (error?: Error): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolvePromise();
        };
        listeners.add(check);
        check();
        void done.then(check);
      });
    },
  };
}
