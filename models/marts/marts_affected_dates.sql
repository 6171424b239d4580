{{ config(materialized='table', schema='staging') }}
-- depends_on: {{ ref('marts_previous_sessions') }}, {{ ref('stg_messages') }}, {{ ref('session_scope') }}
{#
  Grain: one row per day (date_sk) whose daily marts this run recomputes: the days where what the daily marts read
  of the affected senders' sessions changed — a session that appeared, disappeared, moved to another day or whose
  fact row or response times differ (fingerprints: macros/marts/marts_sql.sql; before this run:
  marts_previous_sessions). Only the sessions this run replaces (session_scope) are compared; a recomputed session that did
  not change leaves its day alone. The daily marts replace these days as a whole from all their sessions.
  A full refresh rebuilds the daily marts as a whole: then every day with sessions is listed, without comparing.
  After a run that stopped halfway (after_unfinished_run) the facts may already hold that run's sessions while the
  daily marts do not, so what changed is no longer visible: every day of the facts and of the daily marts is listed.
-#}
{%- if should_full_refresh() %}
select distinct s.date_sk
from {{ ref('fact_sessions') }} as s
{%- elif after_unfinished_run() %}
select distinct s.date_sk
from {{ ref('fact_sessions') }} as s
{%- for name in ['kpi_daily', 'kpi_daily_channel', 'sessions_daily'] %}
{%- set daily = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_marts', identifier=name) %}
{%- if daily is not none %}
union
select d.date_sk
from {{ daily }} as d
{%- endif %}
{%- endfor %}
{%- else %}
with current_sessions as (
    {{ session_fingerprints(ref('fact_sessions'), ref('stg_messages')) }}
),

previous_sessions as (
    select p.sender_id, p.session_id, p.date_sk, p.fingerprint
    from {{ ref('marts_previous_sessions') }} as p
),

changed as (
    (select session_id, date_sk, fingerprint from current_sessions
     except
     select session_id, date_sk, fingerprint from previous_sessions)
    union
    (select session_id, date_sk, fingerprint from previous_sessions
     except
     select session_id, date_sk, fingerprint from current_sessions)
)

select distinct c.date_sk
from changed as c
{%- endif %}
