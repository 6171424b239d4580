{{ config(materialized='incremental', incremental_strategy='replace', partition_key='sender_id', partition_scope=ref('sender_ids')) }}
-- depends_on: {{ ref('user_ids') }}
{#
  Grain: one row per conversation (= Rasa sender_id), keyed by conversation_id ([senders] in the original).
  The depends_on hint makes this table wait for user_ids, which reads the users conversations had before this run.
-#}
select
    c.sender_id,
    c.conversation_id,
    c.user_id,
    c.initiation_timestamp,
    c.start_timestamp,
    c.end_timestamp,
    c.duration_seconds,
    c.sessions_count,
    c.interactions_count,
    c.bounced_sessions_count
from {{ ref('stg_conversations') }} as c
{%- if is_incremental() %}
where c.sender_id in (select sender_id from {{ ref('sender_ids') }})
{%- endif %}
