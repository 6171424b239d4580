{{ config(materialized='incremental', incremental_strategy='replace', partition_key='sender_id', partition_scope=ref('sender_ids')) }}
{#-
  Grain: one row per Rasa event (every type), keyed by _record_hash, with its place in the conversation:
  event_nr, session and interaction numbers and ids, previous actor, active form and form activation, interaction
  number counted from the end of the session. Rules: models/staging/stg_event_sequence.sql.
  Incremental: all rows of the affected senders are replaced (defect 8: never by key alone, ids shift).
-#}
select
    e.sender_id,
    e._record_hash,
    e.event_type,
    e."timestamp",
    e.value,
    e.model_id,
    e._load_id,
    e.event_nr,
    e.session_nr,
    e.interaction_nr,
    e.session_id,
    e.interaction_id,
    e.is_session_start,
    e.actor,
    e.previous_actor,
    e.active_form,
    e.active_form_nr,
    e.reverse_interaction_nr,
    e.user_id,
    e.external_session_id
from {{ ref('stg_event_sequence') }} as e
{%- if is_incremental() %}
where e.sender_id in (select sender_id from {{ ref('sender_ids') }})
{%- endif %}
