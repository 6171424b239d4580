{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope')) }}
{#-
  Grain: one row per user message (Rasa `user` event), keyed by user_message_record_hash.
  Each user message opens its interaction; previous_bot_interaction_fk points at the interaction before it in the
  same session (the bot turn the user answers), null for interaction 1 (nothing before it but the session opening).
-#}
select
    e.sender_id,
    e._record_hash as user_message_record_hash,
    e."timestamp",
    e.text,
    e.value as intent_name,
    e.confidence as intent_confidence,
    e.message_id,
    e.input_channel,
    e.model_id,
    e.event_nr,
    e.session_nr,
    e.interaction_nr,
    e.session_id,
    e.interaction_id,
    e.user_id,
    case
        when e.interaction_nr > 1
        then e.sender_id || '/' || cast(e.session_nr as varchar) || '/' || cast(e.interaction_nr - 1 as varchar)
    end as previous_bot_interaction_fk
from {{ ref('stg_event_sequence') }} as e
where e.event_type = 'user'
{%- if is_incremental() %}
  and e.session_id in (select session_id from {{ ref('session_scope') }})
{%- endif %}
{%- if not is_incremental() %}
-- A whole build writes the rows in sender order: later runs find an affected sender's sessions on a few pages through
-- the session index when they replace them, instead of scanning the table.
order by e.sender_id
{%- endif %}
