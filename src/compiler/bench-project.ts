/**
 * A generated project for measuring compile speed (`npm run bench` reuses it): n models in folders of 100,
 * with chains and fan-ins of refs, sources, macros, Jinja loops, config() calls, ephemeral models and YAML tests
 * (unique + not_null on every model, accepted_values on every fifth).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MACROS = `{% macro cents_to_dollars(column_name, scale=2) -%}
    round(({{ column_name }} / 100.0)::numeric, {{ scale }})
{%- endmacro %}

{% macro surrogate_key(columns) -%}
    md5({% for column in columns %}coalesce(cast({{ column }} as varchar), ''){% if not loop.last %} || '-' || {% endif %}{% endfor %})
{%- endmacro %}

{% macro status_case(column_name, statuses) -%}
    case {% for status in statuses %}when {{ column_name }} = '{{ status }}' then {{ loop.index }} {% endfor %}else 0 end
{%- endmacro %}

{% test not_null(model, column_name) %}
select {{ column_name }} from {{ model }} where {{ column_name }} is null
{% endtest %}

{% test unique(model, column_name) %}
select {{ column_name }}, count(*) from {{ model }} where {{ column_name }} is not null group by {{ column_name }} having count(*) > 1
{% endtest %}

{% test accepted_values(model, column_name, values, quote=True) %}
select * from {{ model }} where {{ column_name }} not in ({% for v in values %}{% if quote %}'{{ v }}'{% else %}{{ v }}{% endif %}{% if not loop.last %}, {% endif %}{% endfor %})
{% endtest %}
`;

function stagingModel(i: number): string {
  return `{{ config(materialized='view', tags=['staging']) }}

select
    id,
    {{ surrogate_key(['id', 'created_at']) }} as row_key,
    status,
    {{ cents_to_dollars('amount_cents') }} as amount,
    created_at
from {{ source('raw', 'events_${i % 10}') }}
where created_at >= '{{ var("start_date", "2020-01-01") }}'
`;
}

function transformModel(i: number): string {
  const parents = [i - 1, i - 2, i % 100 >= 20 ? i - 10 : -1].filter((p) => p >= 0 && p % 100 >= 0);
  const materialized = i % 25 === 0 ? 'ephemeral' : i % 3 === 0 ? 'table' : 'view';
  const ctes = parents.map((p, k) => `p${k} as (\n    select * from {{ ref('model_${p}') }}\n)`).join(',\n');
  return `{{ config(materialized='${materialized}') }}
{%- set metrics = ['amount', 'quantity', 'discount', 'tax'] %}

with ${ctes}

select
    p0.id,
    p0.status,
    {% for metric in metrics -%}
    sum(p0.amount) filter (where p0.status = '{{ metric }}') as {{ metric }}_total{% if not loop.last %},{% endif %}
    {% endfor -%}
    , {{ status_case('p0.status', ['placed', 'shipped', 'returned']) }} as status_rank
from p0
${parents.slice(1).map((_, k) => `left join p${k + 1} using (id)`).join('\n')}
{% if var('bench_filter', true) %}where p0.id is not null{% endif %}
group by 1, 2
`;
}

function schemaFile(first: number, count: number): string {
  const lines = ['version: 2', 'models:'];
  for (let i = first; i < first + count; i++) {
    lines.push(`  - name: model_${i}`, `    description: "Bench model ${i}"`, '    columns:', '      - name: id', '        tests: [unique, not_null]');
    if (i % 5 === 0) lines.push('      - name: status', '        tests:', '          - accepted_values:', "              values: ['placed', 'shipped', 'returned']");
  }
  return lines.join('\n') + '\n';
}

function sourcesFile(): string {
  const tables = Array.from({ length: 10 }, (_, i) => `      - name: events_${i}`).join('\n');
  return `version: 2\nsources:\n  - name: raw\n    schema: "{{ var('raw_schema', 'raw') }}"\n    tables:\n${tables}\n`;
}

/** Writes a project of `n` models into `dir` (which should be empty). */
export function generateBenchProject(dir: string, n: number): void {
  const write = (path: string, contents: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  };
  write('dbt_project.yml', `name: bench\nversion: "1.0"\nmodels:\n  bench:\n    +materialized: view\n    group_0:\n      +tags: ['first']\n`);
  write('macros/bench_macros.sql', MACROS);
  write('models/sources.yml', sourcesFile());
  for (let group = 0; group * 100 < n; group++) {
    const first = group * 100;
    const count = Math.min(100, n - first);
    for (let i = first; i < first + count; i++) {
      write(`models/group_${group}/model_${i}.sql`, i % 100 < 10 ? stagingModel(i) : transformModel(i));
    }
    write(`models/group_${group}/schema.yml`, schemaFile(first, count));
  }
}
