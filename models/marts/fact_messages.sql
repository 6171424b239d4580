{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope'), tags=['star', 'snowflake']) }}
-- depends_on: {{ ref('marts_previous_sessions') }}
{#
  Grain: one row per user or bot message (Rasa `user` / `bot` event), keyed by message_record_hash.
  intent: the user message's own intent; for a bot message, the intent of the user message it answers (its
  interaction's; null before the first user message of the session). response_latency_ms: for a bot message in
  interaction k ≥ 1, the milliseconds since the interaction's user message; is_first_response marks the first
  bot message after that user message — the one the response-time metrics average. sentiment: the user message's
  sentiment metadata (var message_sentiment_column), null where absent.
  Incremental: every row of the sessions in session_scope is replaced, as in the semantic tables. The rows are computed in the
  working table stg_messages (from the run's staging tables), which fact_sessions reads as well. The depends_on hint
  makes this table wait for marts_previous_sessions, which reads the response times as they were before this run.
-#}
select
    m.sender_id,
    m.message_record_hash,
    m.session_id,
    m.interaction_id,
    m.user_id,
    m.date_sk,
    m.sent_at,
    m.sender_type,
    m.event_nr,
    m.intent_name,
    m.intent_key,
    m.intent_confidence,
    m.sentiment,
    m.utter_action,
    m.response_latency_ms,
    m.is_first_response
from {{ ref('stg_messages') }} as m
{%- if not is_incremental() %}
-- A whole build writes the rows in sender order: later runs find an affected sender's sessions on a few pages through
-- the session index when they replace them, instead of scanning the table.
order by m.sender_id
{%- endif %}
