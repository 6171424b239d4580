{#-
  Raw schemas differ between loaders and bots (dlt has no _event_order, a bot without forms has no
  event_active_loop table), so models ask the warehouse which columns exist. Returns lowercase names; an absent
  table gives an empty list. Before `execute` (parse time) nothing is known and the list is empty.
-#}
{% macro column_names(relation) -%}
  {%- set names = [] -%}
  {%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
      {%- do names.append(column.name | lower) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(names) }}
{%- endmacro %}

{#- `alias.column` when the column exists, else a typed null, so every branch of a union has the same shape. -#}
{% macro column_or_null(columns, table_alias, column_name, data_type) -%}
  {%- if column_name in columns -%}
    cast({{ table_alias }}.{{ adapter.quote(column_name) }} as {{ data_type }})
  {%- else -%}
    cast(null as {{ data_type }})
  {%- endif -%}
{%- endmacro %}

{#- The first of several optional columns that exists (e.g. metadata__utter_action, then the 1.x template_name). -#}
{% macro coalesce_columns(columns, table_alias, column_names, data_type) -%}
  {%- set present = [] -%}
  {%- for name in column_names -%}
    {%- if name in columns -%}{%- do present.append('cast(' ~ table_alias ~ '.' ~ adapter.quote(name) ~ ' as ' ~ data_type ~ ')') -%}{%- endif -%}
  {%- endfor -%}
  {%- if present | length == 0 -%}
    cast(null as {{ data_type }})
  {%- elif present | length == 1 -%}
    {{ present[0] }}
  {%- else -%}
    coalesce({{ present | join(', ') }})
  {%- endif -%}
{%- endmacro %}
