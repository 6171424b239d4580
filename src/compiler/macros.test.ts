import { describe, expect, it } from 'vitest';
import { BUILTIN_MACROS } from './builtin-macros.js';
import { compileFixture, compileModel } from './__fixtures__/compile-fixture.js';

describe('macros', () => {
  it('are callable from any model and from each other across files, without import', async () => {
    const sql = await compileModel("select {{ dollars('amount') }}", {}, {
      'macros/money.sql': "{% macro dollars(col) %}{{ round_to(col ~ ' / 100', 2) }}{% endmacro %}",
      'macros/math.sql': '{% macro round_to(expr, digits) %}round({{ expr }}, {{ digits }}){% endmacro %}',
    });
    expect(sql).toBe('select round(amount / 100, 2)');
  });

  it('see the calling node as `this` and `model`', async () => {
    const sql = await compileModel('{{ whoami() }}', {}, { 'macros/who.sql': '{% macro whoami() %}{{ model.name }}:{{ this }}{% endmacro %}' });
    expect(sql).toBe('m:"analytics"."m"');
  });

  it('return() gives a value instead of text, also for macros of the same file', async () => {
    const sql = await compileModel(
      "{% macro local_list() %}{{ return(['x', 'y']) }}{% endmacro %}{{ local_list() | join('+') }} {{ cols() | length }} {{ doubled(2) + 1 }}",
      {},
      { 'macros/r.sql': "{% macro cols() %}{% do return({'a': 1, 'b': 2}) %}{% endmacro %}\n{% macro doubled(n) %}{{ return(n * 2) }}{% endmacro %}" },
    );
    expect(sql).toBe('x+y 2 5');
  });

  it('project macros override built-ins of the same name; dbt.x still reaches the built-in', async () => {
    const sql = await compileModel("{{ date_trunc('month', 'd') }} {{ dbt.date_trunc('month', 'd') }}", {}, {
      'macros/override.sql': "{% macro date_trunc(part, expr) %}custom_trunc({{ expr }}){% endmacro %}",
    });
    expect(sql).toBe("custom_trunc(d) date_trunc('month', d)");
  });

  it('adapter.dispatch picks <adapter>__name, then postgres__name, then default__name', async () => {
    const files = {
      'macros/d.sql': `{% macro shout(x) %}{{ return(adapter.dispatch('shout', 'fixture')(x)) }}{% endmacro %}
{% macro default__shout(x) %}default {{ x }}{% endmacro %}
{% macro postgres__shout(x) %}postgres {{ x }}{% endmacro %}
{% macro whisper(x) %}{{ adapter.dispatch('whisper')(x) }}{% endmacro %}
{% macro default__whisper(x) %}psst {{ x }}{% endmacro %}`,
    };
    expect(await compileModel("{{ shout('hi') }} {{ whisper('hi') }}", {}, files)).toBe('postgres hi psst hi');
    expect(await compileModel("{{ shout('hi') }}", { target: { name: 'dev', schema: 's', type: 'pglite' } }, files)).toBe('postgres hi');
  });

  it('test, materialization and docs blocks parse; tests become macros test_<name>', async () => {
    const { manifest, errors } = await compileFixture({
      'tests/generic/positive.sql': '{% test positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} < 0\n{% endtest %}',
      'macros/blocks.sql': "{% docs orders %}\nThe {{ orders }} table\n{% enddocs %}\n{% materialization custom, adapter='postgres' %}{{ return({'relations': []}) }}{% endmaterialization %}",
      'models/orders.sql': 'select 1 as amount',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: amount\n        tests: [positive]\n',
    });
    expect(errors).toEqual([]);
    const test = Object.values(manifest.nodes).find((node) => node.resource_type === 'test')!;
    expect(test.name).toBe('positive_orders_amount');
    expect(test.compiled_code).toBe('\nselect * from "analytics"."orders" where amount < 0\n');
    expect(manifest.macros['macro.fixture.test_positive']).toMatchObject({ name: 'test_positive', arguments: [{ name: 'model' }, { name: 'column_name' }] });
    expect(manifest.macros['macro.fixture.materialization_custom_postgres']).toBeDefined();
  });

  it('keeps MacroDefinitions with best-effort depends_on.macros, and the macros each node called', async () => {
    const { manifest } = await compileFixture({
      'macros/a.sql': '{% macro outer() %}{{ inner() }}{% endmacro %}\n{% macro inner() %}1{% endmacro %}',
      'models/m.sql': 'select {{ outer() }}',
    });
    expect(manifest.macros['macro.fixture.outer']!.depends_on.macros).toEqual(['macro.fixture.inner']);
    expect(manifest.macros['macro.fixture.outer']!.macro_sql).toBe('{% macro outer() %}{{ inner() }}{% endmacro %}');
    expect(manifest.nodes['model.fixture.m']!.depends_on.macros).toEqual(['macro.fixture.inner', 'macro.fixture.outer']);
  });

  it('reports a macro defined twice, naming both files', async () => {
    const { errors } = await compileFixture({
      'macros/a.sql': '{% macro twice() %}1{% endmacro %}',
      'macros/b.sql': '{% macro twice() %}2{% endmacro %}',
    });
    expect(errors.map((e) => e.message)).toEqual(["Macro 'twice' is defined twice: in macros/a.sql and in macros/b.sql"]);
  });

  it('built-ins compiled one by one on first call give what the whole file compiled at once gives', async () => {
    const model = `{{ generate_schema_name('x', none) }}|{{ generate_alias_name(none, model) }}|{{ current_timestamp() }}|{{ type_numeric() }}
{{ date_trunc('month', 'd') }}|{{ dateadd('day', 3, 'd') }}|{{ datediff('a', 'b', 'day') }}|{{ safe_cast('f', 'int') }}|{{ concat(['a', 'b']) }}
{{ hash('f') }}|{{ split_part('s', "','", 2) }}|{{ listagg('m', order_by_clause='order by m', limit_num=3) }}|{{ any_value('e') }}|{{ bool_or('e') }}
{{ escape_single_quotes("it's") }}|{{ string_literal('v') }}|{{ last_day('d', 'month') }}|{{ right('s', 2) }}|{{ array_construct(['1', '2'], 'int') }}
{{ get_where_subquery(this) }}|{{ dbt.type_string() }}|{{ replace('f', "'a'", "'b'") }}|{{ position("'x'", 's') }}|{{ cast_bool_to_text('b') }}`;
    const lazy = await compileModel(model);
    // A comment at the top makes the file more than macro blocks: compiled whole, as before, and overriding.
    const whole = await compileModel(model, { builtinMacros: [{ path: 'whole.sql', source: `{# whole #}${BUILTIN_MACROS}` }] });
    expect(lazy).toBe(whole);
    expect(lazy).toContain("date_trunc('month', d)");
  });
});
