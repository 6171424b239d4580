/**
 * Ten dbt-expectations tests, built in so that existing YAML (`dbt_expectations.expect_…`, which the compiler
 * resolves to `test_expect_…`) works without a package download. Argument names and defaults follow
 * calogica/dbt-expectations; each body returns the failing rows, in portable PostgreSQL SQL with no run-time
 * rendering (tests that need the catalogue read pg_catalog in the query itself).
 */
import type { BuiltinMacroFile } from './builtin-tests.js';

// Shared Jinja/SQL fragments. The catalogue tests find the table with to_regclass() on the rendered `model`,
// which is either the relation (`"s"."t"`) or — with the `where` config — the compiler's
// `(select * from "s"."t" where …) dbt_subquery` string, whose relation is cut out in SQL.
const ESC = `| replace("'", "''")`;
const RELATION_OID = `to_regclass(coalesce(substring('{{ (model ~ '') ${ESC} }}' from '^\\(select \\* from (.+?) where '), '{{ (model ~ '') ${ESC} }}'))`;
const RELATION_COLUMNS = `select a.attname as column_name, row_number() over (order by a.attnum) as ordinal_position
    from pg_catalog.pg_attribute a
    where a.attrelid = ${RELATION_OID} and a.attnum > 0 and not a.attisdropped`;
const ROW_CONDITION = `{% if row_condition %} and ({{ row_condition }}){% endif %}`;

const COLUMN_TO_EXIST = `{% test expect_column_to_exist(model, column_name, column_index=None, transform="upper") %}
{%- if column_index is not none and column_index is not number %}{{ exceptions.raise_compiler_error("expect_column_to_exist: column_index must be a number, got '" ~ column_index ~ "'") }}{% endif -%}
with relation_columns as (
    select upper(column_name) as column_name, ordinal_position from (
    ${RELATION_COLUMNS}
    ) c
)
select '{{ column_name ${ESC} }}' as missing_column
where not exists (
    select 1 from relation_columns
    where column_name = upper('{{ column_name ${ESC} }}')
    {%- if column_index is not none %} and ordinal_position = {{ column_index }}{% endif %}
)
{% endtest %}
`;

// dbt-expectations compares count(*) per group (a constant group when group_by is not given, so an empty side
// still yields a row on the other side of the full join).
const ROW_COUNT_EQUAL_OTHER = `{% test expect_table_row_count_to_equal_other_table(model, compare_model, group_by=None, compare_group_by=None, factor=1, row_condition=None, compare_row_condition=None) %}
{%- set group_by = group_by if group_by else ["'col'"] -%}
{%- set compare_group_by = compare_group_by if compare_group_by else group_by -%}
{%- if factor is not number %}{{ exceptions.raise_compiler_error("expect_table_row_count_to_equal_other_table: factor must be a number, got '" ~ factor ~ "'") }}{% endif -%}
with a as (
    select
        {% for g in group_by -%}{{ g }} as col_{{ loop.index }}, {% endfor -%}
        count(*) as expression
    from {{ model }}
    {%- if row_condition %}
    where {{ row_condition }}
    {%- endif %}
    group by {% for g in group_by %}{{ loop.index }}{% if not loop.last %}, {% endif %}{% endfor %}
),
b as (
    select
        {% for g in compare_group_by -%}{{ g }} as col_{{ loop.index }}, {% endfor -%}
        count(*) * {{ factor }} as expression
    from {{ compare_model }}
    {%- if compare_row_condition %}
    where {{ compare_row_condition }}
    {%- endif %}
    group by {% for g in compare_group_by %}{{ loop.index }}{% if not loop.last %}, {% endif %}{% endfor %}
),
final as (
    select
        {% for g in group_by -%}coalesce(a.col_{{ loop.index }}, b.col_{{ loop.index }}) as col_{{ loop.index }}, {% endfor -%}
        a.expression,
        b.expression as compare_expression,
        abs(coalesce(a.expression, 0) - coalesce(b.expression, 0)) as expression_difference
    from a
    full outer join b on {% for g in group_by %}a.col_{{ loop.index }} = b.col_{{ loop.index }}{% if not loop.last %} and {% endif %}{% endfor %}
)
select * from final
where expression_difference > 0
{% endtest %}
`;

// As dbt-expectations' expression_is_true: rows where the condition is null (a null value) pass.
const VALUES_BETWEEN = `{% test expect_column_values_to_be_between(model, column_name, min_value=None, max_value=None, row_condition=None, strictly=False) %}
{%- if min_value is none and max_value is none %}{{ exceptions.raise_compiler_error("expect_column_values_to_be_between: you have to provide either a min_value, max_value or both.") }}{% endif -%}
{%- set op = "" if strictly else "=" -%}
select *
from {{ model }}
where not (
    1 = 1
    {%- if min_value is not none %} and {{ column_name }} >{{ op }} {{ min_value }}{% endif %}
    {%- if max_value is not none %} and {{ column_name }} <{{ op }} {{ max_value }}{% endif %}
)${ROW_CONDITION}
{% endtest %}
`;

// Quoted values are compared with the column cast to text, so `values: [1, 2]` also works on an integer column
// (dbt-expectations compares text with the raw column, which PostgreSQL rejects). As in dbt-expectations, a null
// value is not in any set: add `row_condition: "col is not null"` to skip nulls.
function setTest(name: string, inSet: boolean): string {
  return `{% test ${name}(model, column_name, value_set, quote_values=True, row_condition=None) %}
{%- if not value_set %}{{ exceptions.raise_compiler_error("${name}: value_set must be a non-empty list") }}{% endif -%}
with all_values as (
    select {% if quote_values %}cast({{ column_name }} as text){% else %}{{ column_name }}{% endif %} as value_field
    from {{ model }}
    where 1 = 1${ROW_CONDITION}
),
set_values as (
    {%- for value in value_set %}
    select {% if quote_values %}cast('{{ (value ~ '') ${ESC} }}' as text){% else %}{{ value }}{% endif %} as value_field{% if not loop.last %} union all{% endif %}
    {%- endfor %}
)
select v.value_field
from all_values v
${inSet ? 'left join set_values s on v.value_field = s.value_field\nwhere s.value_field is null' : 'join set_values s on v.value_field = s.value_field'}
{% endtest %}
`;
}

const DISTINCT_COUNT_EQUAL = `{% test expect_column_distinct_count_to_equal(model, column_name, value, quote_values=False, group_by=None, row_condition=None) %}
select
    {% for g in (group_by or []) -%}{{ g }}, {% endfor -%}
    count(distinct {{ column_name }}) as distinct_count
from {{ model }}
where 1 = 1${ROW_CONDITION}
{%- if group_by %}
group by {% for g in group_by %}{{ g }}{% if not loop.last %}, {% endif %}{% endfor %}
{%- endif %}
having not (count(distinct {{ column_name }}) = {% if quote_values %}'{{ (value ~ '') ${ESC} }}'{% else %}{{ value }}{% endif %})
{% endtest %}
`;

const COMPOUND_UNIQUE = `{% test expect_compound_columns_to_be_unique(model, column_list, quote_columns=False, ignore_row_if="all_values_are_missing", row_condition=None) %}
{%- if not column_list %}{{ exceptions.raise_compiler_error("expect_compound_columns_to_be_unique: column_list must be a list of columns, got '" ~ column_list ~ "'") }}{% endif -%}
{%- if ignore_row_if != "all_values_are_missing" and ignore_row_if != "any_value_is_missing" %}{{ exceptions.raise_compiler_error("expect_compound_columns_to_be_unique: ignore_row_if must be one of all_values_are_missing, any_value_is_missing. Got: '" ~ ignore_row_if ~ "'") }}{% endif -%}
{%- set op = "and" if ignore_row_if == "all_values_are_missing" else "or" -%}
select
    {% for column in column_list -%}{% if quote_columns %}"{{ column | replace('"', '""') }}"{% else %}{{ column }}{% endif %}, {% endfor -%}
    count(*) as n_records
from {{ model }}
where not (
    {% for column in column_list -%}{% if quote_columns %}"{{ column | replace('"', '""') }}"{% else %}{{ column }}{% endif %} is null{% if not loop.last %} {{ op }} {% endif %}{% endfor %}
)${ROW_CONDITION}
group by {% for column in column_list %}{{ loop.index }}{% if not loop.last %}, {% endif %}{% endfor %}
having count(*) > 1
{% endtest %}
`;

// PostgreSQL regex flags as dbt-expectations validates them; `g` is dropped because a match test needs one match.
// As dbt-expectations' postgres__regexp_instr, a null value does not match.
const MATCH_REGEX = `{% test expect_column_values_to_match_regex(model, column_name, regex, row_condition=None, is_raw=False, flags="") %}
{%- set flags = (flags or "") ~ "" -%}
{%- for flag in flags | list %}{% if flag not in "bcegimnpqstwx" %}{{ exceptions.raise_compiler_error("expect_column_values_to_match_regex: flag " ~ flag ~ " is not one of the PostgreSQL flags bcegimnpqstwx") }}{% endif %}{% endfor -%}
select *
from {{ model }}
where regexp_match(cast({{ column_name }} as text), '{{ regex ${ESC} }}'{% if flags %}, '{{ flags | replace("g", "") }}'{% endif %}) is null${ROW_CONDITION}
{% endtest %}
`;

const COLUMNS_MATCH_SET = `{% test expect_table_columns_to_match_set(model, column_list, transform="upper") %}
{%- set fn = "lower" if transform == "lower" else "upper" -%}
with relation_columns as (
    select {{ fn }}(column_name) as relation_column from (
    ${RELATION_COLUMNS}
    ) c
),
input_columns as (
    {%- for column in column_list %}
    select {{ fn }}(cast('{{ column ${ESC} }}' as text)) as input_column{% if not loop.last %} union all{% endif %}
    {%- endfor %}
)
select r.relation_column, i.input_column
from relation_columns r
full outer join input_columns i on r.relation_column = i.input_column
where r.relation_column is null or i.input_column is null
{% endtest %}
`;

// Compared as epoch seconds: a naive timestamp counts as UTC (dbt_date.now()'s convention) and a timestamptz
// keeps its real instant, whatever the session's TimeZone.
const RECENT_DATA = `{% test expect_row_values_to_have_recent_data(model, column_name, datepart, interval, row_condition=None) %}
{%- if (datepart | lower) not in ["second", "minute", "hour", "day", "week", "month", "year"] %}{{ exceptions.raise_compiler_error("expect_row_values_to_have_recent_data: datepart must be one of second, minute, hour, day, week, month, year; got '" ~ datepart ~ "'") }}{% endif -%}
{%- if interval is not number %}{{ exceptions.raise_compiler_error("expect_row_values_to_have_recent_data: interval must be a number, got '" ~ interval ~ "'") }}{% endif -%}
with max_recency as (
    select max(extract(epoch from {{ column_name }})) as max_epoch
    from {{ model }}
    where extract(epoch from {{ column_name }}) <= extract(epoch from current_timestamp)${ROW_CONDITION}
)
select to_timestamp(max_epoch) as max_timestamp
from max_recency
where coalesce(max_epoch, 0) < extract(epoch from current_timestamp - interval '{{ interval }} {{ datepart | lower }}')
{% endtest %}
`;

export const EXPECTATION_TEST_MACROS: readonly BuiltinMacroFile[] = [
  { path: 'chatsem/expectations/expect_column_to_exist.sql', source: COLUMN_TO_EXIST },
  { path: 'chatsem/expectations/expect_table_row_count_to_equal_other_table.sql', source: ROW_COUNT_EQUAL_OTHER },
  { path: 'chatsem/expectations/expect_column_values_to_be_between.sql', source: VALUES_BETWEEN },
  { path: 'chatsem/expectations/expect_column_values_to_not_be_in_set.sql', source: setTest('expect_column_values_to_not_be_in_set', false) },
  { path: 'chatsem/expectations/expect_column_values_to_be_in_set.sql', source: setTest('expect_column_values_to_be_in_set', true) },
  { path: 'chatsem/expectations/expect_column_distinct_count_to_equal.sql', source: DISTINCT_COUNT_EQUAL },
  { path: 'chatsem/expectations/expect_compound_columns_to_be_unique.sql', source: COMPOUND_UNIQUE },
  { path: 'chatsem/expectations/expect_column_values_to_match_regex.sql', source: MATCH_REGEX },
  { path: 'chatsem/expectations/expect_table_columns_to_match_set.sql', source: COLUMNS_MATCH_SET },
  { path: 'chatsem/expectations/expect_row_values_to_have_recent_data.sql', source: RECENT_DATA },
];
