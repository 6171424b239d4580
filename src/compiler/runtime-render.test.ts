import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uniqueName } from '../test-support/databases.js';
import { compileFixture } from './__fixtures__/compile-fixture.js';
import type { RuntimeContext } from './compile-options.js';

let db: PGlite;
let schema: string;
let queries: string[];

beforeAll(async () => {
  db = new PGlite();
  await db.waitReady;
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  schema = uniqueName('compiler_rt');
  queries = [];
  await db.exec(`create schema ${schema}; create table ${schema}.cfg (name text, weight int); insert into ${schema}.cfg values ('a', 1), ('b', 2);`);
});

function runtime(overrides: Partial<RuntimeContext> = {}): RuntimeContext {
  return {
    isIncremental: false,
    fullRefresh: false,
    pendingLoadIds: null,
    async query(sql) {
      queries.push(sql);
      const result = await db.query<Record<string, unknown>>(sql);
      return { rows: result.rows, fields: result.fields.map((field) => ({ name: field.name })), rowCount: result.affectedRows ?? result.rows.length, command: 'SELECT' };
    },
    async getColumns(schemaName, name) {
      const result = await db.query<{ name: string; dataType: string }>(
        'select column_name as name, data_type as "dataType" from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
        [schemaName, name],
      );
      return result.rows;
    },
    ...overrides,
  };
}

async function compiled(files: Record<string, string>) {
  const result = await compileFixture(files, { target: { name: 'dev', schema, type: 'postgres' } });
  expect(result.errors).toEqual([]);
  return result;
}

describe('renderAtRuntime (PGlite)', () => {
  it('replays run_query() until every query has its result; each query runs once', async () => {
    const { compiler, manifest } = await compiled({
      'models/pivot.sql': `{% set r = run_query("select name, weight from " ~ target.schema ~ ".cfg order by name") %}
select {% for row in r.rows %}{{ row['weight'] }} as {{ row[0] }}{{ ',' if not loop.last }}{% endfor %}, '{{ r.columns[0].values() | join("|") }}' as names, '{{ r.columns['weight'].values() | sum }}' as total{% do r.print_table() %}`,
    });
    const node = manifest.nodes['model.fixture.pivot']!;
    expect(node.renders_at_runtime).toBe(true);
    // At compile time the empty result makes the template fail; it is left for the run-time render.
    expect(node.compiled_code).toBeNull();
    expect(await compiler.renderAtRuntime(node, runtime())).toBe("\nselect 1 as a,2 as b, 'a|b' as names, '3' as total");
    expect(queries).toEqual([`select name, weight from ${schema}.cfg order by name`]);
  });

  it('{% call statement %} + load_result, several queries in sequence', async () => {
    const { compiler, manifest } = await compiled({
      'models/s.sql': `{% call statement('n', fetch_result=True) %}select count(*) as n from {{ target.schema }}.cfg{% endcall %}
{%- set n = load_result('n')['data'][0][0] -%}
{%- set second = run_query('select ' ~ n ~ ' * 10 as x') -%}
select {{ n }} as n, {{ second.rows[0].x }} as x, '{{ load_result('n').table.column_names | join }}' as cols`,
    });
    const sql = await compiler.renderAtRuntime(manifest.nodes['model.fixture.s']!, runtime());
    expect(sql).toBe("select 2 as n, 20 as x, 'n' as cols");
    expect(queries).toHaveLength(2);
  });

  it('adapter.get_columns_in_relation, get_relation and is_incremental() read the warehouse state', async () => {
    const { compiler, manifest } = await compiled({
      'models/cols.sql': `{%- set rel = adapter.get_relation(database=none, schema=target.schema, identifier='cfg') -%}
{%- set missing = adapter.get_relation(none, target.schema, 'nope') -%}
select {% for c in adapter.get_columns_in_relation(rel) %}{{ c.name }}::{{ c.data_type }}{{ ',' if not loop.last }}{% endfor %} -- {{ rel.type }} {{ missing is none }}{% if is_incremental() %} incremental{% endif %}`,
    });
    const node = manifest.nodes['model.fixture.cols']!;
    expect(await compiler.renderAtRuntime(node, runtime())).toBe('select name::text,weight::integer -- table true');
    expect(await compiler.renderAtRuntime(node, runtime({ isIncremental: false }))).not.toContain('incremental');
  });

  it('is_incremental() and pending_load_ids() come from the runner', async () => {
    const { compiler, manifest } = await compiled({
      'models/inc.sql': "{{ config(materialized='incremental') }}select 1{% if is_incremental() %} where load_id in ({{ literal(pending_load_ids()) }}){% endif %}",
    });
    const node = manifest.nodes['model.fixture.inc']!;
    expect(node.compiled_code).toBe('select 1');
    expect(await compiler.renderAtRuntime(node, runtime({ isIncremental: true, pendingLoadIds: ['l1', "l'2"] }))).toBe("select 1 where load_id in ('l1', 'l''2')");
  });

  it('refuses to loop forever on queries', async () => {
    const { compiler, manifest } = await compiled({ 'models/loop.sql': "{% for i in range(200) %}{% do run_query('select ' ~ i) %}{% endfor %}select 1" });
    await expect(compiler.renderAtRuntime(manifest.nodes['model.fixture.loop']!, runtime())).rejects.toThrow(/ran more than 100 queries/);
  });

  it('renderTemplate runs hooks against the warehouse with extra variables', async () => {
    const { compiler, manifest } = await compiled({ 'models/m.sql': 'select 1' });
    const hook = "{% set r = run_query('select count(*) as n from ' ~ this.schema ~ '.cfg') %}-- {{ r.rows[0].n }} rows before {{ this }}, {{ results | length }} results";
    expect(await compiler.renderTemplate(hook, manifest.nodes['model.fixture.m']!, runtime(), { results: ['x'] })).toBe(`-- 2 rows before "${schema}"."m", 1 results`);
  });

  it('a database error at run time surfaces as it is', async () => {
    const { compiler, manifest } = await compiled({ 'models/bad.sql': "{% do run_query('select * from no_such_table') %}select 1" });
    await expect(compiler.renderAtRuntime(manifest.nodes['model.fixture.bad']!, runtime())).rejects.toThrow(/no_such_table/);
  });
});
