{{ config(materialized='table', schema='staging') }}
-- depends_on: {{ ref('session_scope') }}
{#-
  Grain: one row per session of session_scope (the sessions this run replaces) as fact_sessions had it before this run, with the fingerprint of what
  the daily marts read of it (macros/marts/marts_sql.sql). marts_affected_dates compares these with the rebuilt
  sessions. fact_messages and fact_sessions wait for this model (their depends_on hints), so it reads their rows
  before the run replaces them. Empty on the first run and at --full-refresh, when the daily marts are rebuilt as a
  whole.
-#}
{%- set previous_sessions = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_marts', identifier='fact_sessions') if execute else none %}
{%- set previous_messages = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_marts', identifier='fact_messages') if execute else none %}
{%- if previous_sessions is not none and previous_messages is not none and not should_full_refresh() %}
{{ session_fingerprints(previous_sessions, previous_messages) }}
{%- else %}
select
    cast(null as varchar) as sender_id,
    cast(null as text) as session_id,
    cast(null as integer) as date_sk,
    cast(null as text) as fingerprint
where 1 = 0
{%- endif %}
