import { describe, expect, it } from 'vitest';
import { describeError, type ConfigError } from '../core/index.js';
import { readPropertiesFile } from './index.js';

function read(text: string) {
  const errors: ConfigError[] = [];
  const file = readPropertiesFile('models/schema.yml', text, errors);
  return { file, errors: errors.map(describeError) };
}

/** Joins lines so that the YAML under test keeps its exact indentation and line numbers. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('readPropertiesFile: models and columns', () => {
  it('reads models, columns, config, docs, meta and tags', () => {
    const { file, errors } = read(yaml(
      'version: 2',
      'models:',
      '  - name: users',
      '    description: One row per user',
      '    config: {materialized: table, pre-hook: "select 1", tags: nightly}',
      '    tags: [pii]',
      '    access: public',
      '    docs: {show: false}',
      '    meta: {owner: data}',
      '    columns:',
      '      - name: user_id',
      '        data_type: text',
      '        quote: true',
      '        tags: [key]',
      '        meta: {pk: true}',
    ));
    expect(errors).toEqual([]);
    expect(file.models).toHaveLength(1);
    const [users] = file.models;
    expect(users).toMatchObject({
      name: 'users', description: 'One row per user', docs: { show: false }, meta: { owner: 'data' },
      config: { materialized: 'table', pre_hook: ['select 1'], tags: ['nightly', 'pii'], access: 'public' },
      location: { file: 'models/schema.yml', line: 3 },
    });
    expect(users!.columns).toEqual([
      { name: 'user_id', description: '', dataType: 'text', quote: true, tests: [], meta: { pk: true }, tags: ['key'], location: { file: 'models/schema.yml', line: 11 } },
    ]);
  });

  it('reads every dbt test form with its line', () => {
    const { file, errors } = read(yaml(
      'models:',
      '  - name: orders',
      '    data_tests:',
      '      - dbt_utils.unique_combination_of_columns:',
      '          combination_of_columns: [a, b]',
      '    columns:',
      '      - name: status',
      '        tests:',
      '          - unique',
      '          - accepted_values:',
      '              values: [placed, shipped]',
      '              quote: false',
      '              severity: WARN',
      '              where: "x > 1"',
      '          - accepted_values:',
      '              arguments: {values: [a]}',
      '              config: {severity: warn, store_failures: true, tags: t}',
      '          - relationships:',
      '              name: status_is_known',
      "              to: ref('statuses')",
      '              field: code',
      '          - name: custom_name',
      '            test_name: not_null',
      '            config: {limit: 5}',
      '          - dbt_expectations.expect_column_to_exist',
    ));
    expect(errors).toEqual([]);
    const [orders] = file.models;
    expect(orders!.tests).toEqual([
      { name: 'unique_combination_of_columns', namespace: 'dbt_utils', args: { combination_of_columns: ['a', 'b'] }, config: {}, customName: null, location: { file: 'models/schema.yml', line: 4 } },
    ]);
    const tests = orders!.columns[0]!.tests;
    expect(tests.map((test) => [test.namespace, test.name, test.args, test.config, test.customName, test.location.line])).toEqual([
      [null, 'unique', {}, {}, null, 9],
      [null, 'accepted_values', { values: ['placed', 'shipped'], quote: false }, { severity: 'warn', where: 'x > 1' }, null, 10],
      [null, 'accepted_values', { values: ['a'] }, { severity: 'warn', store_failures: true, tags: ['t'] }, null, 15],
      [null, 'relationships', { to: "ref('statuses')", field: 'code' }, {}, 'status_is_known', 18],
      [null, 'not_null', {}, { limit: 5 }, 'custom_name', 23],
      ['dbt_expectations', 'expect_column_to_exist', {}, {}, null, 25],
    ]);
  });

  it('rejects the mis-indented test of defect #6 with a hint naming the column', () => {
    const { errors } = read(yaml(
      'models:',
      '  - name: users',
      '    columns:',
      '      - name: user_id',
      '      - not_null',
    ));
    expect(errors).toEqual([
      'models/schema.yml:5: column entry `not_null` of model `users` is not a mapping with `name:`\n' +
        '  Did you mean to put it under `tests:` of column user_id? Indent it below `tests:` of that column.',
    ]);
  });

  it('rejects test arguments that are not indented under the test', () => {
    const { errors } = read(yaml(
      'models:',
      '  - name: users',
      '    columns:',
      '      - name: status',
      '        tests:',
      '          - accepted_values:',
      '            values: [a, b]',
    ));
    expect(errors).toEqual([
      'models/schema.yml:6: a test of column `status` of model `users` has 2 keys (accepted_values, values) where one test name was expected\n' +
        '  Indent the arguments (values) under `accepted_values:`, two spaces deeper.',
    ]);
  });

  it('reports unknown keys, wrong types and bad test config, each with its line', () => {
    const { errors } = read(yaml(
      'version: 2',
      'models:',
      '  - name: users',
      '    colums: []',
      '    description: 42',
      '    config: {materialised: table}',
      '    tests: {unique: true}',
      '    columns:',
      '      - name: id',
      '        not_null: true',
      '        tests:',
      '          - accepted_values: {values: [a], severity: fatal}',
      '          - [unique]',
      '          - accepted_values: {arguments: {values: [a]}, quote: false}',
      '  - description: no name',
      'data_tests: []',
      'seeds: {name: x}',
    ));
    expect(errors).toEqual([
      'models/schema.yml:16: unknown key `data_tests` in models/schema.yml\n  `data_tests:` is not a top-level key: put it under a model, a column or a source table.',
      'models/schema.yml:4: unknown key `colums` in model `users`\n  Did you mean `columns`? Allowed keys: name, description, config, columns, tests, data_tests, docs, meta, tags, group, latest_version, versions, constraints, access, deprecation_date.',
      'models/schema.yml:5: `description` of model `users` must be a string, not the number 42',
      expect.stringMatching(/^models\/schema\.yml:6: unknown key `materialised` in `config` of model `users`\n {2}Did you mean `materialized`\?/),
      'models/schema.yml:10: unknown key `not_null` in column `id` of model `users`\n  Did you mean to put `not_null` under `tests:` of column id? Write it as `- not_null` in that list.',
      'models/schema.yml:12: `severity` of test `accepted_values` must be `warn` or `error`, not "fatal"',
      'models/schema.yml:13: a test of column `id` of model `users` must be a test name or a mapping, not a list\n  Write `- unique` or `- accepted_values: {values: [a, b]}`.',
      'models/schema.yml:14: `quote` of test `accepted_values` (column `id` of model `users`) is neither config nor inside `arguments:`\n  Move `quote` under `arguments:`, or under `config:` if it is config.',
      'models/schema.yml:7: `tests:` of model `users` must be a list, not a mapping\n  Write one test per line: `- unique`, `- not_null`, `- accepted_values: {values: [a, b]}`.',
      'models/schema.yml:15: model entry has no `name:`\n  Every entry starts with `- name: …`.',
      'models/schema.yml:17: `seeds:` must be a list, not a mapping\n  Write each seed as a list entry: `- name: my_seed`.',
    ]);
  });

  it('reports invalid YAML with its line', () => {
    const { errors } = read('models:\n  - name: a\n   bad: x\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^models\/schema\.yml:3: invalid YAML: Sequence item without - indicator\n/);
  });

  it('accepts seeds, snapshots, analyses, macros and the loosely checked sections', () => {
    const { file, errors } = read(yaml(
      'seeds:',
      '  - name: intents',
      '    config: {column_types: {intent_name: text}, delimiter: ";"}',
      'snapshots: [{name: snap, config: {strategy: timestamp, updated_at: ts, unique_key: id}}]',
      'analyses: [{name: explore}]',
      'macros:',
      '  - name: cents_to_dollars',
      '    arguments: [{name: column, type: string, description: the column}]',
      'exposures: [{name: dash, type: dashboard}]',
      'groups: [{name: finance, owner: {name: x}}]',
      'semantic_models: [{name: orders}]',
      'metrics: [{description: no name}]',
    ));
    expect(errors).toEqual(['models/schema.yml:12: an entry of `metrics:` has no `name:`']);
    expect(file.seeds[0]!.config).toEqual({ column_types: { intent_name: 'text' }, delimiter: ';' });
    expect(file.snapshots[0]!.config.strategy).toBe('timestamp');
    expect(file.analyses[0]!.name).toBe('explore');
    expect(file.macros[0]!.name).toBe('cents_to_dollars');
  });
});

describe('readPropertiesFile: sources', () => {
  it('reads sources with freshness inherited, merged and disabled per table', () => {
    const { file, errors } = read(yaml(
      'sources:',
      '  - name: rasa',
      '    schema: "{{ var(\'source_schema_prefix\') }}_event"',
      '    loader: dlt',
      '    loaded_at_field: inserted_at',
      '    freshness:',
      '      warn_after: {count: 12, period: hour}',
      '      error_after: {count: 1, period: day}',
      '    tables:',
      '      - name: event',
      '      - name: event_user',
      '        identifier: user_events',
      '        freshness: {warn_after: {count: 30, period: minute}}',
      '        columns:',
      '          - name: sender_id',
      '            tests: [not_null]',
      '      - name: _loads',
      '        freshness: null',
      '        loaded_at_field: ts',
    ));
    expect(errors).toEqual([]);
    const [rasa] = file.sources;
    expect(rasa).toMatchObject({ name: 'rasa', schema: "{{ var('source_schema_prefix') }}_event", loadedAtField: 'inserted_at' });
    const sourceRule = { warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 1, period: 'day' }, filter: null };
    expect(rasa!.freshness).toEqual(sourceRule);
    const [event, eventUser, loads] = rasa!.tables;
    expect(event).toMatchObject({ name: 'event', identifier: null, freshness: sourceRule, loadedAtField: 'inserted_at' });
    expect(eventUser).toMatchObject({ identifier: 'user_events', freshness: { ...sourceRule, warnAfter: { count: 30, period: 'minute' } } });
    expect(eventUser!.columns[0]!.tests[0]).toMatchObject({ name: 'not_null', location: { line: 16 } });
    expect(loads).toMatchObject({ freshness: null, loadedAtField: 'ts' });
  });

  it('defaults the schema to the source name and reports bad freshness', () => {
    const { file, errors } = read(yaml(
      'sources:',
      '  - name: raw',
      '    freshness:',
      '      warn_after: {count: 0, period: week}',
      '      error_after: {count: 2}',
      '    tables:',
      '      - name: t',
      '        identifer: x',
    ));
    expect(file.sources[0]!.schema).toBe('raw');
    expect(errors).toEqual([
      'models/schema.yml:4: `count` in `freshness.warn_after` of source `raw` must be at least 1',
      'models/schema.yml:4: `period` in `freshness.warn_after` of source `raw` must be minute, hour or day, not "week"',
      'models/schema.yml:5: `freshness.error_after` of source `raw` needs both `count` and `period`\n  Example: {count: 12, period: hour}.',
      expect.stringMatching(/^models\/schema\.yml:8: unknown key `identifer` in source table `raw\.t`\n {2}Did you mean `identifier`\?/),
    ]);
  });
});

describe('readPropertiesFile: unit tests', () => {
  it('reads given inputs in dict, csv and sql formats, expect, overrides and config', () => {
    const { file, errors } = read(yaml(
      'unit_tests:',
      '  - name: test_sessions',
      '    model: sessions',
      '    description: splits at action_session_start',
      '    given:',
      "      - input: ref('events')",
      '        rows:',
      '          - {sender_id: a, event: user}',
      "      - input: source('rasa', 'event')",
      '        format: csv',
      '        rows: |',
      '          sender_id,event',
      '          a,user',
      "      - input: ref('empty')",
      '        rows: []',
      '    expect:',
      '      format: sql',
      '      rows: select 1 as session_nr',
      '    overrides:',
      '      vars: {session_gap_minutes: 30}',
      '      macros: {is_incremental: true}',
      '      env_vars: {TZ: 1}',
      '    config: {tags: [unit], enabled: true}',
    ));
    expect(errors).toEqual([]);
    expect(file.unitTests).toEqual([
      {
        name: 'test_sessions', model: 'sessions', description: 'splits at action_session_start',
        given: [
          { input: "ref('events')", format: 'dict', rows: [{ sender_id: 'a', event: 'user' }], text: null },
          { input: "source('rasa', 'event')", format: 'csv', rows: null, text: 'sender_id,event\na,user\n' },
          { input: "ref('empty')", format: 'dict', rows: [], text: null },
        ],
        expect: { input: '', format: 'sql', rows: null, text: 'select 1 as session_nr' },
        overrides: { vars: { session_gap_minutes: 30 }, macros: { is_incremental: true }, env_vars: { TZ: '1' } },
        config: { tags: ['unit'], enabled: true },
        location: { file: 'models/schema.yml', line: 2 },
      },
    ]);
  });

  it('reports bad inputs, formats and missing parts', () => {
    const { errors } = read(yaml(
      'unit_tests:',
      '  - name: t',
      '    model: m',
      '    given:',
      '      - input: events',
      '        rows: []',
      '      - input: ref("x")',
      '        format: json',
      '        rows: []',
      '      - input: ref("y")',
      '        fixture: y_rows',
      '    expect:',
      '      rows: "a,b"',
    ));
    expect(errors).toEqual([
      expect.stringMatching(/^models\/schema\.yml:5: `input` of an input in `given` of unit test `t` must be ref\('…'\) or source\('…', '…'\), not "events"/),
      expect.stringMatching(/^models\/schema\.yml:8: `format` of an input in `given` of unit test `t` must be dict, csv or sql, not "json"/),
      expect.stringMatching(/^models\/schema\.yml:11: `fixture` files are not supported yet/),
      'models/schema.yml:13: `rows` of `expect` of unit test `t` (format dict) must be a list, not the text "a,b"\n' +
        '  Write rows as `- {column: value, …}`, or set `format: csv` for CSV text.',
    ]);
  });
});
