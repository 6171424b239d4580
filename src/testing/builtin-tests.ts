/**
 * dbt's four built-in generic tests as `{% test %}` macro files, handed to the compiler through
 * `CompileOptions.builtinMacros` (a project test of the same name overrides them). Each body is a query returning
 * the failing rows; `test-query.ts` wraps it to count them.
 */

export interface BuiltinMacroFile {
  /** Pseudo path shown in the manifest and in errors; never read from disk. */
  path: string;
  source: string;
}

// Same semantics as dbt-adapters' generic_test_sql/*.sql: nulls pass unique, accepted_values and relationships
// (only not_null rejects them). not_null selects `*` when failures are stored, as dbt does, so the stored rows
// have context; otherwise the column only, so the compiled SQL is dbt's.
const NOT_NULL = `{% test not_null(model, column_name) %}
{%- set column_list = '*' if config.get('store_failures') else column_name %}
select {{ column_list }}
from {{ model }}
where {{ column_name }} is null
{% endtest %}
`;

const UNIQUE = `{% test unique(model, column_name) %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}
`;

// Values are escaped even when quoted (dbt inserts them raw, so a value with an apostrophe breaks the SQL).
const ACCEPTED_VALUES = `{% test accepted_values(model, column_name, values, quote=True) %}
with all_values as (
    select
        {{ column_name }} as value_field,
        count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select *
from all_values
where value_field not in (
    {% for value in values -%}
        {% if quote -%}
        '{{ (value ~ '') | replace("'", "''") }}'
        {%- else -%}
        {{ value }}
        {%- endif -%}
        {%- if not loop.last -%},{%- endif %}
    {%- endfor %}
)
{% endtest %}
`;

const RELATIONSHIPS = `{% test relationships(model, column_name, to, field) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select
    from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null
{% endtest %}
`;

export const GENERIC_TEST_MACROS: readonly BuiltinMacroFile[] = [
  { path: 'chatsem/generic_tests/not_null.sql', source: NOT_NULL },
  { path: 'chatsem/generic_tests/unique.sql', source: UNIQUE },
  { path: 'chatsem/generic_tests/accepted_values.sql', source: ACCEPTED_VALUES },
  { path: 'chatsem/generic_tests/relationships.sql', source: RELATIONSHIPS },
];
