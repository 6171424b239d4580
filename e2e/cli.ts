/**
 * End-to-end helpers: run the real CLI (`bin/chatsem.js`, built by `npm test`) in a child process on a fixture
 * project written inline, and read what it printed and the exit code.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cliPath = join(repoRoot, 'bin', 'chatsem.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions that don't care which stream a line went to. */
  output: string;
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', DATABASE_URL: undefined, CHATSEM_PROFILES_DIR: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr, output: stdout + stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Write a project from a map of relative paths to contents. */
export function writeProject(dir: string, files: Record<string, string>): string {
  for (const [path, contents] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, contents);
  }
  return dir;
}

/** Copy a fixture project from e2e/fixtures into a scratch directory. */
export function copyFixture(name: string, dir: string): string {
  cpSync(join(repoRoot, 'e2e', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** A profiles.yml pointing at a PostgreSQL schema (trust auth on the local server). */
export function postgresProfile(profile: string, url: string, schema: string, threads = 4): string {
  const u = new URL(url);
  return [
    `${profile}:`,
    '  target: pg',
    '  outputs:',
    '    pg:',
    '      type: postgres',
    `      host: ${u.hostname}`,
    `      port: ${u.port || 5432}`,
    `      user: ${decodeURIComponent(u.username) || 'postgres'}`,
    `      dbname: ${u.pathname.slice(1)}`,
    `      schema: ${schema}`,
    `      threads: ${threads}`,
    '',
  ].join('\n');
}

/** A profiles.yml pointing at a PGlite directory. */
export function pgliteProfile(profile: string, path: string, schema = 'public'): string {
  return [`${profile}:`, '  target: local', '  outputs:', '    local:', '      type: pglite', `      path: ${path}`, `      schema: ${schema}`, ''].join('\n');
}
