{#-
  on-run-start: index the raw tables by sender (and `event` by load), so that finding the senders of the pending loads
  and reading their full history costs in proportion to those senders, not to the whole raw schema. Loaders (chatsem
  load, dlt) do not create these indexes; `if not exists` makes this a no-op after the first run. Tables a bot never
  produced are skipped.
  A raw table whose keys have no planner statistics yet (a fresh load, autovacuum off or not yet run) gets them
  analyzed once: without statistics the planner assumes that half the table matches the affected senders and scans
  all of it instead of using the index.
-#}
{% macro index_raw_tables() -%}
  {%- set schema = source_schema_prefix() ~ '_event' -%}
  {%- set analyzed = raw_tables_with_statistics(schema) if execute else [] -%}
  {%- set statements = [] -%}
  {%- if execute -%}
    {%- for table in ['event', 'event_user', 'event_bot', 'event_action', 'event_slot', 'event_active_loop', 'event_session_started'] -%}
      {%- if adapter.get_relation(database=none, schema=schema, identifier=table) is not none -%}
        {%- do statements.append('create index if not exists ' ~ adapter.quote(table ~ '__chatsem_sender_idx') ~ ' on ' ~ adapter.quote(schema) ~ '.' ~ adapter.quote(table) ~ ' (sender_id)') -%}
        {%- if table not in analyzed -%}
          {%- do statements.append('analyze ' ~ adapter.quote(schema) ~ '.' ~ adapter.quote(table) ~ (' (sender_id, _load_id)' if table == 'event' else ' (sender_id)')) -%}
        {%- endif -%}
      {%- endif -%}
    {%- endfor -%}
    {%- if adapter.get_relation(database=none, schema=schema, identifier='event') is not none -%}
      {%- do statements.append('create index if not exists ' ~ adapter.quote('event__chatsem_load_idx') ~ ' on ' ~ adapter.quote(schema) ~ '.' ~ adapter.quote('event') ~ ' (_load_id)') -%}
    {%- endif -%}
  {%- endif -%}
  {{ statements | join(';\n') }}
{%- endmacro %}

{#- The tables of a schema whose sender_id column has planner statistics (PostgreSQL's catalog). -#}
{% macro raw_tables_with_statistics(schema) -%}
  {%- set result = run_query("select tablename from pg_catalog.pg_stats where schemaname = " ~ literal(schema) ~ " and attname = 'sender_id'") -%}
  {{ return(result.columns[0].values() if result.columns | length > 0 else []) }}
{%- endmacro %}
