{#-
  date_spine(start_date, end_date): a query returning one row per day, column date_day (date), from start_date to
  end_date inclusive (dbt_utils-style; both arguments are SQL expressions, e.g. "cast('2019-01-01' as date)").
  The day numbers come from date_spine_offsets, which dispatches: PostgreSQL (and PGlite) use generate_series, any
  other dialect gets the portable digits cross join below (up to 100,000 days, about 273 years).
-#}
{% macro date_spine(start_date, end_date) -%}
  select cast({{ dateadd('day', 'spine_offsets.day_offset', 'cast(' ~ start_date ~ ' as date)') }} as date) as date_day
  from ({{ date_spine_offsets(start_date, end_date) }}) as spine_offsets
{%- endmacro %}

{#- day_offset = 0 .. (end_date - start_date): no rows when end_date is before start_date. -#}
{% macro date_spine_offsets(start_date, end_date) -%}
  {{ return(adapter.dispatch('date_spine_offsets')(start_date, end_date)) }}
{%- endmacro %}

{% macro postgres__date_spine_offsets(start_date, end_date) -%}
  select generate_series(0, {{ datediff('cast(' ~ start_date ~ ' as date)', 'cast(' ~ end_date ~ ' as date)', 'day') }}) as day_offset
{%- endmacro %}

{% macro default__date_spine_offsets(start_date, end_date) -%}
  select d0.n + 10 * d1.n + 100 * d2.n + 1000 * d3.n + 10000 * d4.n as day_offset
  from {% for i in range(5) %}(select 0 as n{% for digit in range(1, 10) %} union all select {{ digit }}{% endfor %}) as d{{ i }}{% if not loop.last %}
  cross join {% endif %}{% endfor %}
  where d0.n + 10 * d1.n + 100 * d2.n + 1000 * d3.n + 10000 * d4.n
    <= {{ datediff('cast(' ~ start_date ~ ' as date)', 'cast(' ~ end_date ~ ' as date)', 'day') }}
{%- endmacro %}

{#-
  A date var ('YYYY-MM-DD', e.g. dim_date_start) as a SQL date expression; anything else is a compile error naming
  the var and the expected form, so no text from a var reaches SQL unchecked.
-#}
{% macro date_spine_var(name, default) -%}
  {%- set value = var(name, default) -%}
  {%- set text = (value | string | trim)[:10] -%}
  {%- set match = modules.re.match('^([0-9]{4})-([0-9]{2})-([0-9]{2})$', text) -%}
  {%- if not match or (match.group(2) | int) < 1 or (match.group(2) | int) > 12 or (match.group(3) | int) < 1 or (match.group(3) | int) > 31 -%}
    {{ exceptions.raise_compiler_error(
        "var " ~ name ~ " = '" ~ value ~ "' is not a date: use YYYY-MM-DD (e.g. --vars '" ~ name ~ ": " ~ default ~ "').") }}
  {%- endif -%}
  {{ return("cast('" ~ text ~ "' as date)") }}
{%- endmacro %}
