import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/databases.js';
import { errorsOf, writeFiles } from './__fixtures__/write-files.js';
import { describeTarget, resolveTarget, targetContext, type ResolveTargetOptions } from './index.js';

let temp: { path: string; remove: () => void };
let project: string;
let home: string;
beforeEach(() => {
  temp = makeTempDir('chatsem-target-');
  project = join(temp.path, 'project');
  home = join(temp.path, 'home');
  writeFiles(temp.path, { 'project/dbt_project.yml': 'name: chat\n', 'home/.keep': '' });
});
afterEach(() => temp.remove());

const options = (extra: Partial<ResolveTargetOptions> = {}): ResolveTargetOptions => ({
  projectDir: project, profileName: 'chat', env: {}, homeDir: home, ...extra,
});

const POSTGRES_PROFILE = [
  'chat:',
  '  target: dev',
  '  outputs:',
  '    dev:',
  '      type: postgres',
  '      host: db.internal',
  '      port: "{{ env_var(\'PG_PORT\', \'6543\') }}"',
  '      user: alice',
  '      password: "{{ env_var(\'PG_PASSWORD\') }}"',
  '      dbname: analytics',
  '      schema: dbt_alice',
  '      threads: 4',
  '      sslmode: require',
  '      connect_timeout: 10',
  '      search_path: public',
  '      keepalives_idle: 30',
  '      application_name: chatsem',
  '      role: transformer',
  '    local:',
  '      type: pglite',
  '      path: data/wh',
  '',
].join('\n');

describe('resolveTarget', () => {
  it('reads a postgres target from profiles.yml, rendering env_var() and keeping the password out of the description', () => {
    writeFiles(project, { 'profiles.yml': POSTGRES_PROFILE });
    const target = resolveTarget(options({ env: { PG_PASSWORD: 's3cret-pw' } }));
    expect(target).toMatchObject({
      name: 'dev', profileName: 'chat', type: 'postgres', schema: 'dbt_alice', threads: 4, isDefault: false,
      source: 'profiles.yml', profilesPath: join(project, 'profiles.yml'),
      postgres: {
        host: 'db.internal', port: 6543, user: 'alice', password: 's3cret-pw', database: 'analytics', sslmode: 'require',
        connectTimeout: 10, searchPath: 'public', keepalivesIdle: 30, applicationName: 'chatsem', role: 'transformer',
      },
    });
    const description = describeTarget(target);
    expect(description).toContain('postgres://alice@db.internal:6543/analytics');
    expect(description).not.toContain('s3cret-pw');
    expect(targetContext(target)).toEqual({
      name: 'dev', target_name: 'dev', profile_name: 'chat', type: 'postgres', schema: 'dbt_alice', threads: 4,
      host: 'db.internal', port: 6543, user: 'alice', dbname: 'analytics', database: 'analytics',
    });
    expect(JSON.stringify(targetContext(target))).not.toContain('s3cret-pw');
  });

  it('selects another target with --target (rendering only that one), and --threads overrides the profile', () => {
    writeFiles(project, { 'profiles.yml': POSTGRES_PROFILE });
    // PG_PASSWORD is unset: the dev output is not rendered, so its missing variable does not matter.
    const target = resolveTarget(options({ target: 'local', threads: 3 }));
    expect(target).toMatchObject({ name: 'local', type: 'pglite', schema: 'public', threads: 3, pglite: { path: join(project, 'data/wh') } });
  });

  it('searches --profiles-dir, CHATSEM_PROFILES_DIR, the project directory, then ~/.chatsem', () => {
    const profile = (schema: string) => `chat:\n  outputs:\n    dev: {type: pglite, schema: ${schema}}\n`;
    writeFiles(temp.path, {
      'flag/profiles.yml': profile('from_flag'),
      'envdir/profiles.yml': profile('from_env'),
      'project/profiles.yml': profile('from_project'),
      'home/.chatsem/profiles.yml': profile('from_home'),
    });
    const env = { CHATSEM_PROFILES_DIR: join(temp.path, 'envdir') };
    expect(resolveTarget(options({ profilesDir: join(temp.path, 'flag'), env })).schema).toBe('from_flag');
    expect(resolveTarget(options({ env })).schema).toBe('from_env');
    expect(resolveTarget(options()).schema).toBe('from_project');
    const withoutProjectFile = { ...options(), projectDir: join(temp.path, 'home') };
    expect(resolveTarget(withoutProjectFile).schema).toBe('from_home');
  });

  it('fails when an explicitly named profiles directory has no profiles.yml', async () => {
    const errors = await errorsOf(() => resolveTarget(options({ profilesDir: join(temp.path, 'nowhere') })));
    expect(errors[0]).toContain(`no profiles.yml in ${join(temp.path, 'nowhere')} (given by --profiles-dir)`);
  });

  it('loads the project .env without overriding variables already set, and returns the merged env', () => {
    writeFiles(project, {
      '.env': 'PG_PASSWORD=from_file\nEXTRA=1\n',
      'profiles.yml': POSTGRES_PROFILE,
    });
    const fromFile = resolveTarget(options({ env: {} }));
    expect(fromFile.postgres?.password).toBe('from_file');
    expect(fromFile.env.EXTRA).toBe('1');
    const fromShell = resolveTarget(options({ env: { PG_PASSWORD: 'from_shell' } }));
    expect(fromShell.postgres?.password).toBe('from_shell');
  });

  it('uses DATABASE_URL when no profiles.yml provides the profile', () => {
    const target = resolveTarget(options({ env: { DATABASE_URL: 'postgresql://bob:p%40ss@pg.example:5433/warehouse?schema=chat&sslmode=require' } }));
    expect(target).toMatchObject({
      name: 'dev', type: 'postgres', schema: 'chat', source: 'DATABASE_URL', isDefault: false, threads: 4,
      postgres: { host: 'pg.example', port: 5433, user: 'bob', password: 'p@ss', database: 'warehouse', sslmode: 'require' },
    });
    expect(describeTarget(target)).not.toContain('p@ss');
    writeFiles(project, { 'profiles.yml': 'other:\n  outputs:\n    dev: {type: pglite}\n' });
    expect(resolveTarget(options({ env: { DATABASE_URL: 'postgres://h/db' } })).schema).toBe('public');
  });

  it('reports a malformed DATABASE_URL without its password', async () => {
    const errors = await errorsOf(() => resolveTarget(options({ env: { DATABASE_URL: 'mysql://u:hunter2@h/db' } })));
    expect(errors[0]).toContain('DATABASE_URL must start with postgres://');
    const unsupported = await errorsOf(() => resolveTarget(options({ env: { DATABASE_URL: 'postgres://u:hunter2@h/db?foo=1' } })));
    expect(unsupported[0]).toContain('unsupported parameter `foo`');
    expect([...errors, ...unsupported].join()).not.toContain('hunter2');
  });

  it('falls back to the embedded PGlite warehouse when nothing is configured', () => {
    const target = resolveTarget(options({ profileName: null }));
    expect(target).toMatchObject({
      name: 'dev', type: 'pglite', schema: 'public', threads: 1, isDefault: true, source: 'default', profilesPath: null,
      pglite: { path: join(project, '.chatsem/warehouse') },
    });
    expect(describeTarget(target)).toContain('the embedded default');
    expect(targetContext(target)).toMatchObject({ type: 'pglite', user: 'postgres', host: null });
  });

  it('refuses --target when there is nothing to select it from', async () => {
    const errors = await errorsOf(() => resolveTarget(options({ target: 'prod' })));
    expect(errors[0]).toContain('--target prod was given but no profiles.yml was found');
  });

  it('names profiles.yml, the line and the available profiles or targets in errors', async () => {
    writeFiles(project, { 'profiles.yml': POSTGRES_PROFILE });
    const path = join(project, 'profiles.yml');
    expect(await errorsOf(() => resolveTarget(options({ profileName: 'chatt' })))).toEqual([
      `${path}:1: profile \`chatt\` is not in ${path}\n  Available profiles: chat. Fix \`profile:\` in the project file or add the profile.`,
    ]);
    expect(await errorsOf(() => resolveTarget(options({ target: 'prod', env: { PG_PASSWORD: 'x' } })))).toEqual([
      `${path}:3: --target prod: profile \`chat\` has no output \`prod\`\n  Available targets: dev, local.`,
    ]);
    const missing = await errorsOf(() => resolveTarget(options()));
    expect(missing[0]).toMatch(new RegExp(`^${path}:9: environment variable PG_PASSWORD is not set`));
  });

  it('rejects unknown keys and wrong types in an output', async () => {
    writeFiles(project, {
      'profiles.yml': ['chat:', '  target: dev', '  outputs:', '    dev:', '      type: postgres', '      host: h', '      usr: alice',
        '      dbname: d', '      schema: s', '      port: five', '      sslcert: /c.pem', '    other: {type: snowflake}', ''].join('\n'),
    });
    const path = join(project, 'profiles.yml');
    const errors = await errorsOf(() => resolveTarget(options()));
    expect(errors).toEqual([
      expect.stringMatching(new RegExp(`^${path}:7: unknown key \`usr\` in output \`dev\` of profile \`chat\`\\n {2}Did you mean \`user\`\\?`)),
      expect.stringMatching(new RegExp(`^${path}:11: unknown key \`sslcert\`.*\\n {2}Client certificates are not supported yet`)),
      `${path}:10: \`port\` of output \`dev\` of profile \`chat\` must be a whole number, not the text "five"`,
      `${path}:4: output \`dev\` of profile \`chat\` has no \`user:\`\n  Add user: <database user>.`,
    ]);
  });
});
