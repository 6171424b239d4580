import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTempDir } from '../test-support/databases.js';
import { errorsOf, writeFiles } from './__fixtures__/write-files.js';
import { findProjectDir, readProjectConfig } from './index.js';

let temp: { path: string; remove: () => void };
beforeEach(() => {
  temp = makeTempDir('chatsem-project-');
});
afterEach(() => temp.remove());

describe('readProjectConfig', () => {
  it('reads a dbt_project.yml with dbt defaults for every path', () => {
    writeFiles(temp.path, { 'dbt_project.yml': 'name: jaffle_shop\nversion: "1.0.0"\nconfig-version: 2\nprofile: jaffle\n' });
    const config = readProjectConfig(temp.path, {});
    expect(config.projectFile).toBe('dbt_project.yml');
    expect(config).toMatchObject({ name: 'jaffle_shop', version: '1.0.0', profile: 'jaffle', root: temp.path, loads: null });
    expect(config.paths).toEqual({
      modelPaths: ['models'], seedPaths: ['seeds'], macroPaths: ['macros'], testPaths: ['tests'], analysisPaths: ['analyses'],
      snapshotPaths: ['snapshots'], targetPath: 'target', logPath: 'logs', cleanTargets: ['target'],
    });
  });

  it('prefers project.yaml and reads paths, legacy aliases, hooks and loads', () => {
    writeFiles(temp.path, {
      'dbt_project.yml': 'name: ignored\n',
      'project.yaml': [
        'name: chat',
        'version: 0.1',
        'source-paths: [src_models]',
        'data-paths: ["./data/"]',
        'target-path: out',
        'clean-targets: [out, dbt_packages]',
        'on-run-start: "create schema if not exists {{ target.schema }}"',
        'on-run-end:',
        '  - grant usage on schema {{ target.schema }} to reporter',
        '  - select 1',
        'loads:',
        '  schema: "{{ var(\'source_schema_prefix\') }}_event"',
        '',
      ].join('\n'),
    });
    const config = readProjectConfig(temp.path, {});
    expect(config.projectFile).toBe('project.yaml');
    expect(config.name).toBe('chat');
    expect(config.version).toBe('0.1');
    expect(config.paths.modelPaths).toEqual(['src_models']);
    expect(config.paths.seedPaths).toEqual(['data']);
    expect(config.paths.targetPath).toBe('out');
    expect(config.paths.cleanTargets).toEqual(['out', 'dbt_packages']);
    expect(config.onRunStart).toEqual([{ sql: 'create schema if not exists {{ target.schema }}', location: { file: 'project.yaml', line: 7 } }]);
    expect(config.onRunEnd.map((hook) => hook.location.line)).toEqual([9, 10]);
    expect(config.loads).toEqual({ enabled: true, schema: "{{ var('source_schema_prefix') }}_event", table: '_loads' });
  });

  it('parses config trees in +key and bare-key form, with or without the project-name level', () => {
    writeFiles(temp.path, {
      'dbt_project.yml': [
        'name: jaffle',
        'models:',
        '  jaffle:',
        '    +materialized: view',
        '    pre-hook: "select 1"',
        '    staging:',
        '      materialized: table',
        '      +schema: "{{ env_var(\'NOT_RENDERED\') }}"',
        '      nested:',
        '        +tags: [a]',
        '  marts:',
        '    +post-hook: ["select 2"]',
        'seeds:',
        '  +quote_columns: false',
        'data_tests:',
        '  +severity: warn',
        'tests:',
        '  jaffle:',
        '    +store_failures: true',
        '',
      ].join('\n'),
    });
    const config = readProjectConfig(temp.path, {});
    expect(config.models).toEqual({
      config: { materialized: 'view', pre_hook: 'select 1' },
      children: {
        staging: {
          config: { materialized: 'table', schema: "{{ env_var('NOT_RENDERED') }}" },
          children: { nested: { config: { tags: ['a'] }, children: {} } },
        },
        marts: { config: { post_hook: ['select 2'] }, children: {} },
      },
    });
    expect(config.seeds.config).toEqual({ quote_columns: false });
    expect(config.tests.config).toEqual({ store_failures: true, severity: 'warn' });
  });

  it('flattens vars scoped by the project name, the project scope winning', () => {
    writeFiles(temp.path, {
      'dbt_project.yml': 'name: chat\nvars:\n  shared: 1\n  user_id: global\n  chat:\n    user_id: metadata__user_id\n    session_gap_minutes: 30\n',
    });
    expect(readProjectConfig(temp.path, {}).vars).toEqual({ shared: 1, user_id: 'metadata__user_id', session_gap_minutes: 30 });
  });

  it('renders env_var() in values, but not in hooks, config trees or loads.schema', () => {
    writeFiles(temp.path, {
      'project.yaml': [
        'name: chat',
        "profile: \"{{ env_var('PROFILE') }}\"",
        "target-path: \"{{ env_var('MISSING_DIR', 'build') }}\"",
        "vars: {prefix: \"{{ env_var('PREFIX') }}\"}",
        "on-run-end: \"select '{{ env_var('AT_RUN_TIME') }}'\"",
        "loads: {schema: \"{{ env_var('LATER') }}_event\"}",
        '',
      ].join('\n'),
    });
    const config = readProjectConfig(temp.path, { PROFILE: 'prod_profile', PREFIX: 'carbon' });
    expect(config.profile).toBe('prod_profile');
    expect(config.paths.targetPath).toBe('build');
    expect(config.vars).toEqual({ prefix: 'carbon' });
    expect(config.onRunEnd[0]!.sql).toBe("select '{{ env_var('AT_RUN_TIME') }}'");
    expect(config.loads?.schema).toBe("{{ env_var('LATER') }}_event");
  });

  it('reports a missing env var, var() in a rendered value and unknown keys with file and line', async () => {
    writeFiles(temp.path, {
      'dbt_project.yml': ['name: chat', "profile: \"{{ env_var('NOPE') }}\"", "log-path: \"{{ var('x') }}\"", 'model-path: [models]', 'loads: {enabled: yes}', ''].join('\n'),
    });
    const errors = await errorsOf(() => readProjectConfig(temp.path, {}));
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatch(/^dbt_project\.yml:4: unknown key `model-path` in dbt_project\.yml\n {2}Did you mean `model-paths`\?/);
    expect(errors[1]).toMatch(/^dbt_project\.yml:2: environment variable NOPE is not set \(used by `profile`\)/);
    expect(errors[2]).toMatch(/^dbt_project\.yml:3: var\('x'\) cannot be used in `log-path`/);
    expect(errors[3]).toMatch(/^dbt_project\.yml:5: `loads\.enabled` must be true or false, not the text "yes"/);
    expect(errors[4]).toMatch(/^dbt_project\.yml:5: `loads` is enabled but has no `schema:`/);
  });

  it('rejects a typo that is neither config nor folder, and a missing or invalid name', async () => {
    writeFiles(temp.path, { 'dbt_project.yml': 'version: 1\nmodels:\n  materialised: table\n' });
    const errors = await errorsOf(() => readProjectConfig(temp.path, {}));
    expect(errors[0]).toMatch(/^dbt_project\.yml:1: dbt_project\.yml has no `name:`/);
    expect(errors[1]).toMatch(/^dbt_project\.yml:3: `models\.materialised` is neither a known config key nor a folder.*\n {2}Did you mean `\+materialized`\?/);
    writeFiles(temp.path, { 'dbt_project.yml': 'name: my-project\n' });
    expect(await errorsOf(() => readProjectConfig(temp.path, {}))).toEqual([
      'dbt_project.yml:1: project name "my-project" is not valid\n  Use letters, digits and underscores only, not starting with a digit.',
    ]);
  });

  it('says where to run when there is no project file', async () => {
    const errors = await errorsOf(() => readProjectConfig(temp.path, {}));
    expect(errors[0]).toContain(`no project.yaml or dbt_project.yml in ${temp.path}`);
  });
});

describe('findProjectDir', () => {
  it('walks up to the first directory holding a project file', () => {
    writeFiles(temp.path, { 'dbt_project.yml': 'name: x\n', 'models/staging/a.sql': 'select 1' });
    expect(findProjectDir(join(temp.path, 'models', 'staging'))).toBe(temp.path);
    expect(findProjectDir(temp.path)).toBe(temp.path);
  });

  it('returns null when no parent holds one', () => {
    expect(findProjectDir('/')).toBeNull();
  });
});
