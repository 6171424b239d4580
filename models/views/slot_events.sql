{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope')) }}
{#-
  Grain: one row per slot event, keyed by slot_record_hash ([slots] in the original): requests (requested_slot),
  cleared requests and fill attempts, with for each request its first fill attempt and first successful fill in
  the same form instance. Rules: models/staging/stg_slots.sql.
-#}
select
    s.sender_id,
    s._record_hash as slot_record_hash,
    s."timestamp",
    s.slot_name,
    s.slot_value,
    s.normalized_slot_name,
    s.slot_event_type,
    s.active_form,
    s.active_form_nr,
    s.event_nr,
    s.session_nr,
    s.interaction_nr,
    s.session_id,
    s.interaction_id,
    s.fill_attempts_count,
    s.first_fill_attempt_record_hash,
    s.first_fill_attempt_value,
    s.first_fill_attempt_interaction_id,
    s.first_successful_fill_record_hash,
    s.first_successful_fill_value,
    s.first_successful_fill_interaction_id
from {{ ref('stg_slots') }} as s
{%- if is_incremental() %}
where s.session_id in (select session_id from {{ ref('session_scope') }})
{%- endif %}
{%- if not is_incremental() %}
-- A whole build writes the rows in sender order: later runs find an affected sender's sessions on a few pages through
-- the session index when they replace them, instead of scanning the table.
order by s.sender_id
{%- endif %}
