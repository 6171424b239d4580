{#-
  on-run-start: index the raw tables by sender (and `event` by load), so that finding the senders of the pending loads
  and reading their full history costs in proportion to those senders, not to the whole raw schema. Loaders (chatsem
  load, dlt) do not create these indexes; `if not exists` makes this a no-op after the first run. Tables a bot never
  produced are skipped.
-#}
{% macro index_raw_tables() -%}
  {%- set schema = source_schema_prefix() ~ '_event' -%}
  {%- set statements = [] -%}
  {%- if execute -%}
    {%- for table in ['event', 'event_user', 'event_bot', 'event_action', 'event_slot', 'event_active_loop', 'event_session_started'] -%}
      {%- if adapter.get_relation(database=none, schema=schema, identifier=table) is not none -%}
        {%- do statements.append('create index if not exists ' ~ adapter.quote(table ~ '__chatsem_sender_idx') ~ ' on ' ~ adapter.quote(schema) ~ '.' ~ adapter.quote(table) ~ ' (sender_id)') -%}
      {%- endif -%}
    {%- endfor -%}
    {%- if adapter.get_relation(database=none, schema=schema, identifier='event') is not none -%}
      {%- do statements.append('create index if not exists ' ~ adapter.quote('event__chatsem_load_idx') ~ ' on ' ~ adapter.quote(schema) ~ '.' ~ adapter.quote('event') ~ ' (_load_id)') -%}
    {%- endif -%}
  {%- endif -%}
  {{ statements | join(';\n') }}
{%- endmacro %}
