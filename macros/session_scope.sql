{#-
  Session scope (issue 6): an incremental run recomputes, per affected sender, only its sessions from the last one it
  had before this run (models/staging/sender_scope.sql says when that is exact) instead of its whole history.

  session_scoped_run(): whether this run may scope any sender to sessions at all — not at a full refresh, not when
  the user_id var names a raw column (a user's identity and new/returning then depend on all their conversations),
  and only when the previous run's event_sequence and sessions exist to say where the last session started.
  When false every model renders the sender-scoped SQL (the whole history of each affected sender).
-#}
{% macro session_scoped_run() -%}
  {%- if not execute or should_full_refresh() or identity_column_name('user_id') != 'sender_id' -%}
    {{ return(false) }}
  {%- endif -%}
  {%- set views = source_schema_prefix() ~ '_views' -%}
  {{ return(adapter.get_relation(database=none, schema=views, identifier='event_sequence') is not none
      and adapter.get_relation(database=none, schema=views, identifier='sessions') is not none) }}
{%- endmacro %}

{#-
  after_unfinished_run(): whether sender_scope found that an earlier run stopped halfway on this run's loads (see
  models/staging/sender_scope.sql). Read when the calling node runs, so its SQL holds only the branch it needs.
-#}
{% macro after_unfinished_run() -%}
  {%- set sender_scope = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_staging', identifier='sender_scope') if execute and not should_full_refresh() else none -%}
  {%- if sender_scope is none -%}
    {{ return(false) }}
  {%- endif -%}
  {%- set unfinished = run_query('select count(*) from ' ~ sender_scope ~ ' where after_unfinished_run') -%}
  {{ return((unfinished.columns[0].values()[0] | int) > 0) }}
{%- endmacro %}

{#-
  `<column> in (the session ids of <scope>)`, for picking the affected sessions out of a big table through its
  session_id index (the partition key of the session-scoped tables); the array form for PostgreSQL, as in
  sender_filter.
-#}
{% macro session_filter(column, scope) -%}
  {{ return(key_filter(column, scope, 'session_id')) }}
{%- endmacro %}

{#-
  Raw rows of the affected senders, from where their recomputation starts: `from <relation> as <alias>` plus the
  join and the where clause. A session-scoped sender is read from the timestamp of the first event of its last
  session on (sender_scope.from_timestamp; null = the whole history).
-#}
{% macro scoped_raw_rows(relation, alias) -%}
from {{ relation }} as {{ alias }}
{%- if session_scoped_run() %}
inner join {{ ref('sender_scope') }} as sender_scope
    on sender_scope.sender_id = cast({{ alias }}.sender_id as varchar)
where {{ sender_filter(alias ~ '.sender_id', ref('sender_ids')) }}
  and (sender_scope.from_timestamp is null or {{ alias }}."timestamp" >= sender_scope.from_timestamp or {{ alias }}."timestamp" is null)
{%- else %}
where {{ sender_filter(alias ~ '.sender_id', ref('sender_ids')) }}
{%- endif %}
{%- endmacro %}
