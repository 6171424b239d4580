{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope'), indexes=[{'columns': ['sender_id']}]) }}
{#-
  Grain: one row per session, keyed by session_id = sender_id/session_nr. Sessions start at a sender's first event,
  at action_session_start / action_restart and optionally after an idle gap (models/staging/stg_event_sequence.sql);
  counters, bounce, handover and new/returning: models/staging/stg_sessions.sql.
-#}
select
    s.sender_id,
    s.session_id,
    s.session_nr,
    s.user_id,
    s.external_session_id,
    s.initiation_timestamp,
    s.start_timestamp,
    s.end_timestamp,
    s.duration_seconds,
    s.interactions_count,
    s.bot_messages_count,
    s.events_count,
    s.forms_count,
    s.out_of_scope_count,
    s.nlu_fallback_count,
    s.default_fallback_count,
    s.unlikely_intent_count,
    s.handoff_count,
    s.dispute_count,
    s.frustration_count,
    s.happy_count,
    s.first_story_intent,
    s.model_id,
    s.is_bounced,
    s.is_handover,
    s.user_type
from {{ ref('stg_sessions') }} as s
{%- if is_incremental() %}
where s.session_id in (select session_id from {{ ref('session_scope') }})
{%- endif %}
