{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope')) }}
{#-
  Grain: one row per executed action (Rasa `action` event), keyed by action_record_hash ([actions] in the
  original): every action including action_listen, action_session_start and forms.
-#}
select
    e.sender_id,
    e._record_hash as action_record_hash,
    e."timestamp",
    e.value as action_name,
    e.confidence as action_confidence,
    e.policy,
    e.model_id,
    e.active_form,
    e.event_nr,
    e.session_nr,
    e.interaction_nr,
    e.session_id,
    e.interaction_id,
    e.user_id
from {{ ref('stg_event_sequence') }} as e
where e.event_type = 'action'
{%- if is_incremental() %}
  and e.session_id in (select session_id from {{ ref('session_scope') }})
{%- endif %}
{%- if not is_incremental() %}
-- A whole build writes the rows in sender order: later runs find an affected sender's sessions on a few pages through
-- the session index when they replace them, instead of scanning the table.
order by e.sender_id
{%- endif %}
