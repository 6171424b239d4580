{#-
  post-hook of the staging tables: fresh working tables have no statistics, and without them the planner picks nested
  loops over thousands of rows in the models that read them. A big working table analyzes only the columns later
  models filter, join and group on (meta analyze_columns): statistics on its wide text columns cost more than they
  ever save.
-#}
{% macro analyze_working_table(relation) -%}
  {%- set columns = (config.get('meta') or {}).get('analyze_columns') or [] -%}
  analyze {{ relation }}{% if columns | length > 0 %} ({{ columns | join(', ') }}){% endif %}
{%- endmacro %}
