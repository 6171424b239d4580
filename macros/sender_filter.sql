{#-
  `<column> in (the senders of <scope>)`, for reading the rows of a few senders from a big table (the raw events, the
  facts). Their rows are scattered over the table, and PostgreSQL's planner (at its default random_page_cost) then
  prefers scanning the whole table to a bitmap scan of the sender index, which is several times faster. Comparing
  with an array makes it expect a short list and use the index. A full refresh reads every sender, where the plain
  semi-join is the better plan. Other dialects get the plain form.
-#}
{% macro sender_filter(column, scope) -%}
  {{ return(adapter.dispatch('sender_filter')(column, scope)) }}
{%- endmacro %}

{% macro postgres__sender_filter(column, scope) -%}
  {%- if should_full_refresh() -%}
    {{ column }} in (select sender_id from {{ scope }})
  {%- else -%}
    {{ column }} = any (array(select sender_id from {{ scope }}))
  {%- endif -%}
{%- endmacro %}

{% macro default__sender_filter(column, scope) -%}
  {{ column }} in (select sender_id from {{ scope }})
{%- endmacro %}
