{#-
  `<column> in (the senders of <scope>)`, for reading the rows of a few senders from a big table (the raw events, the
  facts). Their rows are scattered over the table, and PostgreSQL's planner (at its default random_page_cost) then
  prefers scanning the whole table to a bitmap scan of the sender index, which is several times faster. Comparing
  with an array makes it expect a short list and use the index. A full refresh reads every sender, where the plain
  semi-join is the better plan. Other dialects get the plain form.
-#}
{% macro sender_filter(column, scope) -%}
  {{ return(key_filter(column, scope, 'sender_id')) }}
{%- endmacro %}

{#- `<column> in (the <key> values of <scope>)`, in the form described above. -#}
{% macro key_filter(column, scope, key) -%}
  {{ return(adapter.dispatch('key_filter')(column, scope, key)) }}
{%- endmacro %}

{% macro postgres__key_filter(column, scope, key) -%}
  {%- if should_full_refresh() -%}
    {{ column }} in (select {{ key }} from {{ scope }})
  {%- else -%}
    {{ column }} = any (array(select {{ key }} from {{ scope }}))
  {%- endif -%}
{%- endmacro %}

{% macro default__key_filter(column, scope, key) -%}
  {{ column }} in (select {{ key }} from {{ scope }})
{%- endmacro %}
