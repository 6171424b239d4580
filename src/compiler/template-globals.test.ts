import { describe, expect, it } from 'vitest';
import { compileFixture, compileModel, templateCompiler } from './__fixtures__/compile-fixture.js';

describe('template globals', () => {
  it('ref() renders the relation and records the dependency, in all its call forms', async () => {
    const { manifest, errors } = await compileFixture({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }} join {{ ref('fixture', 'a') }} using (id) join {{ ref('a', v=1) }} using (id)",
    });
    expect(errors).toEqual([]);
    const b = manifest.nodes['model.fixture.b']!;
    expect(b.compiled_code).toBe('select * from "analytics"."a" join "analytics"."a" using (id) join "analytics"."a" using (id)');
    expect(b.depends_on.nodes).toEqual(['model.fixture.a']);
    expect(b.refs).toEqual([
      { name: 'a', package: null, version: null },
      { name: 'a', package: 'fixture', version: null },
      { name: 'a', package: null, version: '1' },
    ]);
  });

  it('source() renders the source relation, its schema rendered from vars', async () => {
    const { manifest, errors } = await compileFixture({
      'models/sources.yml': "version: 2\nsources:\n  - name: raw\n    schema: \"{{ var('prefix') }}_event\"\n    tables:\n      - name: events\n        identifier: event_log\n",
      'models/m.sql': "select * from {{ source('raw', 'events') }}",
    }, { vars: { prefix: 'acme' } });
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.m']!.compiled_code).toBe('select * from "acme_event"."event_log"');
    expect(manifest.nodes['model.fixture.m']!.depends_on.nodes).toEqual(['source.fixture.raw.events']);
    expect(manifest.sources['source.fixture.raw.events']).toMatchObject({ schema: 'acme_event', identifier: 'event_log', relation_name: '"acme_event"."event_log"' });
  });

  it('var() reads CLI vars over project vars, project-scoped vars and defaults', async () => {
    const projectFile = 'name: fixture\nversion: "1.0"\nvars:\n  a: project\n  b: project\n  fixture:\n    c: scoped\n';
    const { manifest, errors } = await compileFixture({ 'models/m.sql': "{{ var('a') }} {{ var('b') }} {{ var('c') }} {{ var('d', 'default') }} {{ var('e', none) is none }}" }, { vars: { b: 'cli' } }, projectFile);
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.m']!.compiled_code).toBe('project cli scoped default true');
  });

  it('config() sets the config; config.get and config.require read it', async () => {
    const sql = await compileModel("{{ config(materialized='table', unique_key='id') }}{{ config.get('materialized') }} {{ config.get('missing', 'dflt') }} {{ config.require('unique_key') }}");
    expect(sql).toBe('table dflt id');
  });

  it('this, target, model, invocation_id, run_started_at, flags and project_name', async () => {
    const sql = await compileModel(
      "{{ this }} {{ this.schema }}.{{ this.identifier }} {{ target.name }}/{{ target.schema }} {{ model.name }} {{ model.unique_id }} {{ invocation_id }} {{ run_started_at }} {{ flags.FULL_REFRESH }} {{ project_name }}",
    );
    expect(sql).toBe('"analytics"."m" analytics.m dev/analytics m model.fixture.m 00000000-0000-4000-8000-000000000000 2024-03-05 06:07:08.123000+00:00 false fixture');
  });

  it('env_var() reads the environment, with a default', async () => {
    const sql = await compileModel("{{ env_var('CHATSEM_X') }} {{ env_var('CHATSEM_MISSING', 'fallback') }}", { env: { CHATSEM_X: 'set' } });
    expect(sql).toBe('set fallback');
  });

  it('is_incremental() is false at compile time and marks the node for a run-time render', async () => {
    const { manifest } = await compileFixture({ 'models/m.sql': "select 1{% if is_incremental() %} where x > 1{% endif %}", 'models/n.sql': 'select 2' });
    expect(manifest.nodes['model.fixture.m']).toMatchObject({ compiled_code: 'select 1', renders_at_runtime: true });
    expect(manifest.nodes['model.fixture.n']!.renders_at_runtime).toBe(false);
  });

  it('reading execute marks the node; execute is false while parsing and true when compiling', async () => {
    const { manifest } = await compileFixture({ 'models/m.sql': "{% if execute %}compiled{% else %}parsed{% endif %}" });
    expect(manifest.nodes['model.fixture.m']).toMatchObject({ compiled_code: 'compiled', renders_at_runtime: true });
  });

  it('run_query(), statement and pending_load_ids() are empty at compile time and mark the node', async () => {
    const { manifest, errors } = await compileFixture({
      'models/m.sql': "{% set r = run_query('select 1') %}{{ r.rows | length }} {{ pending_load_ids() | length }}{% call statement('s', fetch_result=True) %}select 2{% endcall %} {{ load_result('s').data | length }}",
    });
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.m']).toMatchObject({ compiled_code: '0 0 0', renders_at_runtime: true });
  });

  it('log() reports through the callback (not during the parse render)', async () => {
    const messages: [string, boolean][] = [];
    await compileModel("{{ log('hello') }}{{ log('loud', info=True) }}select 1", { log: (message, info) => messages.push([message, info]) });
    expect(messages).toEqual([['hello', false], ['loud', true]]);
  });

  it('exceptions.warn logs; adapter.quote quotes; graph lists nodes', async () => {
    const messages: string[] = [];
    const { manifest, errors } = await compileFixture({
      'models/a.sql': 'select 1',
      'models/m.sql': "{% do exceptions.warn('careful') %}{{ adapter.quote('we\"ird') }} {{ graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | map(attribute='name') | sort | join(',') }}",
    }, { log: (message) => messages.push(message) });
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.m']!.compiled_code).toBe('"we""ird" a,m');
    expect(messages).toEqual(['Warning in model m (models/m.sql): careful']);
  });

  it('builtins.ref and the dbt namespace', async () => {
    const { manifest, errors } = await compileFixture({
      'models/a.sql': 'select 1',
      'models/m.sql': "{{ builtins.ref('a') }} {{ dbt.date_trunc('day', 'ts') }} {{ dbt.type_string() }} {{ dbt.concat(['a', 'b']) }}",
    });
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.m']!.compiled_code).toBe(`"analytics"."a" date_trunc('day', ts) varchar a || b`);
  });

  it('literal() quotes var values as SQL literals, never as code', async () => {
    const sql = await compileModel("where intent in ({{ literal(var('intents')) }}) and n = {{ literal(var('n')) }}", { vars: { intents: ["greet", "x'); drop table t; --"], n: 3 } });
    expect(sql).toBe("where intent in ('greet', 'x''); drop table t; --') and n = 3");
  });

  it('--empty renders ref() and source() as zero-row subqueries', async () => {
    const { manifest } = await compileFixture({ 'models/a.sql': 'select 1 as id', 'models/m.sql': "select * from {{ ref('a') }}" }, { empty: true });
    expect(manifest.nodes['model.fixture.m']!.compiled_code).toBe('select * from (select * from "analytics"."a" where false limit 0) _dbt_limit_subq_a');
  });

  it('renderTemplate sees extra variables and the node context', async () => {
    const { manifest, compiler } = await compileFixture({ 'models/m.sql': 'select 1' });
    const node = manifest.nodes['model.fixture.m']!;
    expect(await compiler.renderTemplate('grant select on {{ this }} to reporter; -- {{ results | length }}', node, null, { results: [1, 2] })).toBe(
      'grant select on "analytics"."m" to reporter; -- 2',
    );
  });

  it('callMacro calls a macro by name with keyword arguments', () => {
    const compiler = templateCompiler({ 'macros/m.sql': '{% macro greet(name, punctuation="!") %}hello {{ name }}{{ punctuation }}{% endmacro %}' });
    expect(compiler.callMacro('greet', { name: 'you' }, null)).toBe('hello you!');
    expect(() => compiler.callMacro('gret', {}, null)).toThrow(/Macro 'gret' not found/);
  });
});
