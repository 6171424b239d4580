/**
 * Issue "Engine II", profiles: --profiles-dir, CHATSEM_PROFILES_DIR, --target, env_var() in profiles.yml, .env in
 * the project, DATABASE_URL, the embedded PGlite default (said once), and passwords never printed or written.
 * Child processes: the environment is part of what is tested.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { runCli, writeProject } from '../cli.js';

const reachable = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-profiles-');
const schemas: string[] = [];
afterAll(async () => {
  if (reachable && schemas.length > 0) {
    const client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
  scratch.remove();
});

const url = new URL(postgresTestUrl());
const home = join(scratch.path, 'home');

function output(name: string, options: { schema: string; port?: string | number; password?: string; extra?: string[] }): string[] {
  return [
    `    ${name}:`,
    '      type: postgres',
    `      host: ${url.hostname}`,
    `      port: ${options.port ?? (url.port || 5432)}`,
    `      user: ${decodeURIComponent(url.username) || 'postgres'}`,
    ...(options.password ? [`      password: ${options.password}`] : []),
    `      dbname: ${url.pathname.slice(1)}`,
    `      schema: ${options.schema}`,
    ...(options.extra ?? []),
  ];
}

function profiles(outputs: string[][], target: string): string {
  return ['prof:', `  target: ${target}`, '  outputs:', ...outputs.flat(), ''].join('\n');
}

let counter = 0;
function project(files: Record<string, string> = {}): string {
  return writeProject(join(scratch.path, `p${++counter}`), {
    'project.yaml': 'name: prof\nversion: "1.0"\nprofile: prof\n',
    'models/one.sql': 'select 1 as id\n',
    ...files,
  });
}

/** `debug` prints the resolved target: "<where> (target t, schema s, …)" and the verdict. */
async function debug(dir: string, args: string[] = [], env: Record<string, string | undefined> = {}) {
  return runCli(['debug', ...args], { cwd: dir, env: { HOME: home, ...env } });
}

describe.skipIf(!reachable)('profiles', () => {
  it('reads profiles.yml from the project, --profiles-dir and CHATSEM_PROFILES_DIR, and picks --target', async () => {
    const dir = project({ 'profiles.yml': profiles([output('dev', { schema: 'from_project' }), output('ci', { schema: 'from_project_ci' })], 'dev') });
    const own = await debug(dir);
    expect(own.code, own.output).toBe(0);
    expect(own.stdout).toContain(`profile [OK found] ${join(dir, 'profiles.yml')} → target 'dev' (postgres)`);
    expect(own.stdout).toContain('schema from_project,');
    expect(own.stdout).toContain('All checks passed!');

    const ci = await debug(dir, ['--target', 'ci']);
    expect(ci.stdout).toContain("→ target 'ci' (postgres)");
    expect(ci.stdout).toContain('schema from_project_ci,');

    const elsewhere = writeProject(join(scratch.path, 'elsewhere'), { 'profiles.yml': profiles([output('dev', { schema: 'from_flag' })], 'dev') });
    const flag = await debug(dir, ['--profiles-dir', elsewhere]);
    expect(flag.stdout).toContain(`profile [OK found] ${join(elsewhere, 'profiles.yml')}`);
    expect(flag.stdout).toContain('schema from_flag,');

    const envDir = writeProject(join(scratch.path, 'env-dir'), { 'profiles.yml': profiles([output('dev', { schema: 'from_env_dir' })], 'dev') });
    const fromEnv = await debug(dir, [], { CHATSEM_PROFILES_DIR: envDir });
    expect(fromEnv.stdout).toContain('schema from_env_dir,');
    // The flag wins over the variable.
    expect((await debug(dir, ['--profiles-dir', elsewhere], { CHATSEM_PROFILES_DIR: envDir })).stdout).toContain('schema from_flag,');

    const missing = await debug(dir, ['--target', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("profile `prof` has no output `nope`");
    expect(missing.stdout).toContain('Available targets: dev, ci.');
  });

  it("renders env_var() in profiles.yml, from the environment or the project's .env", async () => {
    const dir = project({
      'profiles.yml': profiles([output('dev', { schema: "\"{{ env_var('PROF_SCHEMA') }}\"", extra: ["      threads: \"{{ env_var('PROF_THREADS', '3') | int }}\""] })], 'dev'),
    });
    const unset = await debug(dir);
    expect(unset.code).toBe(1);
    expect(unset.output).toContain('PROF_SCHEMA');
    const fromShell = await debug(dir, [], { PROF_SCHEMA: 'from_shell' });
    expect(fromShell.code, fromShell.output).toBe(0);
    expect(fromShell.stdout).toContain('schema from_shell, threads 3');
    writeProject(dir, { '.env': 'PROF_SCHEMA=from_dotenv\nPROF_THREADS=2\n' });
    const fromFile = await debug(dir);
    expect(fromFile.stdout).toContain('schema from_dotenv, threads 2');
    // A variable already set wins over .env.
    expect((await debug(dir, [], { PROF_SCHEMA: 'from_shell' })).stdout).toContain('schema from_shell, threads 2');
  });

  it('falls back to DATABASE_URL when there is no profile', async () => {
    const dir = project();
    const schema = uniqueName('e2e_url');
    schemas.push(schema);
    const result = await runCli(['run'], { cwd: dir, env: { HOME: home, DATABASE_URL: `${postgresTestUrl()}?schema=${schema}` } });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain('No profile configured');
    expect(result.stdout).toContain(`OK created sql view model ${schema}.one`);
    const debugged = await debug(dir, [], { DATABASE_URL: `${postgresTestUrl()}?schema=${schema}` });
    expect(debugged.stdout).toContain(`schema ${schema},`);
    expect(debugged.stdout).toContain('DATABASE_URL');
  });

  it('never prints or writes a password (profile or DATABASE_URL), whether the connection works or not', async () => {
    const secret = 'Hunter2-Secret-Pw';
    const urlSecret = 'Url-Secret-Pw-99';
    const schema = uniqueName('e2e_pw');
    schemas.push(schema);
    const dir = project({
      // Trust authentication ignores the password, so the `ok` target connects and writes every artifact.
      'profiles.yml': profiles([output('ok', { schema, password: secret }), output('down', { schema, password: secret, port: 1 })], 'ok'),
      'models/schema.yml': 'version: 2\nmodels:\n  - name: one\n    columns:\n      - name: id\n        tests: [not_null]\n',
    });
    const results = [
      await runCli(['build'], { cwd: dir, env: { HOME: home } }),
      await runCli(['debug'], { cwd: dir, env: { HOME: home } }),
      await runCli(['build', '--target', 'down', '--log-format', 'json'], { cwd: dir, env: { HOME: home } }),
      await runCli(['debug', '--target', 'down'], { cwd: dir, env: { HOME: home } }),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 0, 2, 1]);
    expect(results[2]!.output).toContain('127.0.0.1');
    const urlDir = project();
    const badUrl = `postgres://postgres:${urlSecret}@127.0.0.1:1/test`;
    results.push(await runCli(['run'], { cwd: urlDir, env: { HOME: home, DATABASE_URL: badUrl } }));
    results.push(await runCli(['debug'], { cwd: urlDir, env: { HOME: home, DATABASE_URL: badUrl } }));
    results.push(await runCli(['run', '--debug'], { cwd: urlDir, env: { HOME: home, DATABASE_URL: `postgres://postgres:${urlSecret}@127.0.0.1:5432/test?schema=${schema}` } }));
    expect(results.slice(4).map((r) => r.code)).toEqual([2, 1, 0]);
    for (const result of results) {
      expect(result.output).not.toContain(secret);
      expect(result.output).not.toContain(urlSecret);
    }
    const written = [...filesUnder(join(dir, 'target')), ...filesUnder(join(dir, 'logs')), ...filesUnder(join(urlDir, 'target')), ...filesUnder(join(urlDir, 'logs'))];
    expect(written.some((f) => f.endsWith('manifest.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('run_results.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('chatsem.log'))).toBe(true);
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(secret);
      expect(text, file).not.toContain(urlSecret);
    }
  });
});

describe('no profile at all', () => {
  it('uses the embedded PGlite warehouse in the project and says so once', async () => {
    const dir = project();
    const result = await runCli(['run'], { cwd: dir, env: { HOME: home } });
    expect(result.code, result.output).toBe(0);
    const notices = result.output.split('\n').filter((l) => l.includes('No profile configured'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`using the embedded PGlite warehouse in pglite ${join(dir, '.chatsem', 'warehouse')}`);
    expect(result.stdout).toContain('Registered adapter: pglite');
    expect(result.stdout).toContain('OK created sql view model');
    expect(statSync(join(dir, '.chatsem')).isDirectory()).toBe(true);
  }, 120_000);
});

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
