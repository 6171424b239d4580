{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope')) }}
{#-
  Grain: one row per Rasa event (every type), keyed by _record_hash, with its place in the conversation:
  event_nr, session and interaction numbers and ids, previous actor, active form and form activation, interaction
  number counted from the end of the session. Rules: models/staging/stg_event_sequence.sql.
  Incremental: all rows of the sessions in session_scope are replaced (defect 8: never by key alone, ids shift): a
  session-scoped sender's last session before this run and everything after it, else the sender's whole history
  (models/staging/sender_scope.sql).
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
where e.session_id in (select session_id from {{ ref('session_scope') }})
{%- endif %}
