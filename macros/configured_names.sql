{#-
  A name list = its seed plus the var of the same name. Var values are data, never SQL: each one is rendered by
  the engine's literal() (defect 10 of the original package pasted quoted SQL from vars). Renders a subquery with
  one column `name`, without duplicates.
-#}
{% macro configured_names(list_name, column_name) -%}
  {%- set extra = var(list_name, []) -%}
  {%- if extra is none -%}{%- set extra = [] -%}{%- endif -%}
  {%- if extra is string -%}{%- set extra = [extra] -%}{%- endif -%}
  (select cast({{ column_name }} as varchar) as name from {{ ref(list_name) }} where {{ column_name }} is not null
  {%- for value in extra %}{% if value is not none and (value | string | length) > 0 %}
   union select cast({{ literal(value | string) }} as varchar)
  {%- endif %}{% endfor %})
{%- endmacro %}
