/**
 * The compiler's own built-in macros (package `dbt`): schema/alias naming, `get_where_subquery` for generic
 * tests and the PostgreSQL versions of dbt's cross-database macros (`dbt.date_trunc(...)` …).
 */
export const BUILTIN_MACROS_PATH = 'chatsem/builtin_macros.sql';

export const BUILTIN_MACROS = String.raw`
{% macro generate_schema_name(custom_schema_name, node) -%}
  {{- default__generate_schema_name(custom_schema_name, node) -}}
{%- endmacro %}

{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {{- default__generate_alias_name(custom_alias_name, node) -}}
{%- endmacro %}

{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}{%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}

{% macro get_where_subquery(relation) -%}
  {%- set where = config.get('where', '') -%}
  {%- if where -%}
    {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
  {%- else -%}
    {%- do return(relation) -%}
  {%- endif -%}
{%- endmacro %}

{% macro current_timestamp() %}now(){% endmacro %}
{% macro type_string() %}varchar{% endmacro %}
{% macro type_timestamp() %}timestamp without time zone{% endmacro %}
{% macro type_int() %}integer{% endmacro %}
{% macro type_bigint() %}bigint{% endmacro %}
{% macro type_float() %}float{% endmacro %}
{% macro type_numeric() %}numeric(28,6){% endmacro %}
{% macro type_boolean() %}boolean{% endmacro %}
{% macro date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}
{% macro dateadd(datepart, interval, from_date_or_timestamp) %}{{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }})){% endmacro %}
{% macro datediff(first_date, second_date, datepart) -%}
  {%- if datepart == 'year' -%}(date_part('year', ({{ second_date }})::date) - date_part('year', ({{ first_date }})::date))
  {%- elif datepart == 'quarter' -%}({{ datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', ({{ second_date }})::date) - date_part('quarter', ({{ first_date }})::date))
  {%- elif datepart == 'month' -%}({{ datediff(first_date, second_date, 'year') }} * 12 + date_part('month', ({{ second_date }})::date) - date_part('month', ({{ first_date }})::date))
  {%- elif datepart == 'day' -%}(({{ second_date }})::date - ({{ first_date }})::date)
  {%- elif datepart == 'week' -%}({{ datediff(first_date, second_date, 'day') }} / 7 + case when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then case when {{ first_date }} <= {{ second_date }} then 0 else -1 end else case when {{ first_date }} <= {{ second_date }} then 1 else 0 end end)
  {%- elif datepart == 'hour' -%}({{ datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', ({{ second_date }})::timestamp) - date_part('hour', ({{ first_date }})::timestamp))
  {%- elif datepart == 'minute' -%}({{ datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', ({{ second_date }})::timestamp) - date_part('minute', ({{ first_date }})::timestamp))
  {%- elif datepart == 'second' -%}({{ datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', ({{ second_date }})::timestamp)) - floor(date_part('second', ({{ first_date }})::timestamp)))
  {%- else -%}{{ exceptions.raise_compiler_error("datediff: unsupported datepart " ~ datepart) }}{%- endif -%}
{%- endmacro %}
{% macro safe_cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro hash(field) %}md5(cast({{ field }} as varchar)){% endmacro %}
{% macro split_part(string_text, delimiter_text, part_number) %}split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }}){% endmacro %}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
  {%- if limit_num -%}array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
  {%- else -%}string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}){%- endif -%}
{%- endmacro %}
{% macro any_value(expression) %}min({{ expression }}){% endmacro %}
{% macro bool_or(expression) %}bool_or({{ expression }}){% endmacro %}
{% macro cast_bool_to_text(field) %}cast({{ field }} as varchar){% endmacro %}
{% macro escape_single_quotes(expression) %}{{ expression | replace("'", "''") }}{% endmacro %}
{% macro string_literal(value) %}'{{ value | replace("'", "''") }}'{% endmacro %}
{% macro last_day(date, datepart) %}cast(date_trunc('{{ datepart }}', {{ date }}) + ((interval '1 {{ datepart }}') * (1)) + ((interval '1 day') * (-1)) as date){% endmacro %}
{% macro length(expression) %}length({{ expression }}){% endmacro %}
{% macro position(substring_text, string_text) %}position({{ substring_text }} in {{ string_text }}){% endmacro %}
{% macro replace(field, old_chars, new_chars) %}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){% endmacro %}
{% macro right(string_text, length_expression) %}right({{ string_text }}, {{ length_expression }}){% endmacro %}
{% macro array_construct(inputs=[], data_type=none) %}array[ {{ inputs | join(' , ') }} ]{% if data_type %}::{{ data_type }}[]{% endif %}{% endmacro %}
`;
