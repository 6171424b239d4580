{{ config(materialized='table', schema='staging') }}
{#-
  Grain: one row per day (date_sk) whose daily marts this run recomputes: the days of the affected senders'
  sessions after this run (views.sessions, already rebuilt) and before it (the existing fact_sessions — a session
  can move to another day when a later load re-sessionises its conversation, and its old day must lose it). That
  is why fact_sessions waits for this model (its depends_on hint). The daily marts replace these days as a whole.
-#}
{%- set previous_sessions = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_marts', identifier='fact_sessions') if execute else none %}
select distinct {{ date_sk('s.initiation_timestamp') }} as date_sk
from {{ ref('sessions') }} as s
where s.sender_id in (select sender_id from {{ ref('sender_ids') }})
{%- if previous_sessions is not none %}
union
select p.date_sk
from {{ previous_sessions }} as p
where p.sender_id in (select sender_id from {{ ref('sender_ids') }})
{%- endif %}
