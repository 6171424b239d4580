{{ config(materialized='incremental', incremental_strategy='replace', partition_key='sender_id', partition_scope=ref('sender_ids')) }}
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
  and e.sender_id in (select sender_id from {{ ref('sender_ids') }})
{%- endif %}
{%- if not is_incremental() %}
-- A whole build writes the rows in sender order: later runs find an affected sender's rows on a few pages through
-- the sender index when they replace them, instead of scanning the table.
order by e.sender_id
{%- endif %}
