{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope')) }}
{#-
  Grain: one row per interaction, keyed by interaction_id = sender_id/session_nr/interaction_nr. Interaction k
  runs from the k-th user message of the session to the next one; interaction 0 is what happened before the first.
  Counters and timestamps: models/staging/stg_interactions.sql.
-#}
select
    i.sender_id,
    i.interaction_id,
    i.session_id,
    i.session_nr,
    i.interaction_nr,
    i.reverse_interaction_nr,
    i.user_id,
    i.external_session_id,
    i.initiation_timestamp,
    i.start_timestamp,
    i.end_timestamp,
    i.user_message_record_hash,
    i.intent_name,
    i.intent_confidence,
    i.story_intent,
    i.active_form,
    i.model_id,
    i.events_count,
    i.user_messages_count,
    i.bot_messages_count,
    i.actions_count,
    i.out_of_scope_count,
    i.nlu_fallback_count,
    i.default_fallback_count,
    i.unlikely_intent_count,
    i.handoff_count,
    i.dispute_count,
    i.frustration_count,
    i.happy_count,
    i.previous_interaction_fk,
    i.next_interaction_fk
from {{ ref('stg_interactions') }} as i
{%- if is_incremental() %}
where i.session_id in (select session_id from {{ ref('session_scope') }})
{%- endif %}
