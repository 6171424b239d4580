{#-
  post-hook of the staging tables: fresh working tables have no statistics, and without them the planner picks nested
  loops over thousands of rows in the models that read them. What the plans need is the row count and the common
  values and number of distinct values of a few key columns, which a sample of 3,000 rows gives as well as the
  default 30,000 at a sixth of the cost. A big working table analyzes only the columns later models filter, join and
  group on (meta analyze_columns): statistics on its wide text columns are never used. A table that is only ever
  read whole (meta analyze: false) is not analyzed at all.
-#}
{% macro analyze_working_table(relation) -%}
  {%- set meta = config.get('meta') or {} -%}
  {%- set columns = meta.get('analyze_columns') or [] -%}
  {%- if meta.get('analyze', true) -%}
    set local default_statistics_target = 10;
    analyze {{ relation }}{% if columns | length > 0 %} ({{ columns | join(', ') }}){% endif %}
  {%- endif -%}
{%- endmacro %}
