{{ config(materialized='incremental', incremental_strategy='replace', partition_key='sender_id', partition_scope=ref('sender_ids'), tags=['star', 'snowflake']) }}
{#-
  Grain: one row per user or bot message (Rasa `user` / `bot` event), keyed by message_record_hash.
  intent: the user message's own intent; for a bot message, the intent of the user message it answers (its
  interaction's; null before the first user message of the session). response_latency_ms: for a bot message in
  interaction k ≥ 1, the milliseconds since the interaction's user message; is_first_response marks the first
  bot message after that user message — the one the response-time metrics average. sentiment: the user message's
  sentiment metadata (var message_sentiment_column), null where absent.
  Incremental: every row of the affected senders is replaced, as in the semantic tables.
-#}
with user_rows as (
    select
        m.sender_id,
        m.user_message_record_hash as message_record_hash,
        m.session_id,
        m.session_nr,
        m.interaction_id,
        m.interaction_nr,
        m.event_nr,
        m.user_id,
        m."timestamp" as sent_at,
        'user' as sender_type,
        m.intent_name,
        m.intent_confidence,
        a.sentiment,
        cast(null as varchar) as utter_action,
        cast(null as double precision) as response_latency_ms,
        false as is_first_response
    from {{ ref('user_messages') }} as m
    left join {{ ref('stg_message_attributes') }} as a
        on a.sender_id = m.sender_id
        and a.user_message_record_hash = m.user_message_record_hash
    where m.sender_id in (select sender_id from {{ ref('sender_ids') }})
),

bot_rows as (
    select
        b.sender_id,
        b.bot_record_hash as message_record_hash,
        b.session_id,
        b.session_nr,
        b.interaction_id,
        b.interaction_nr,
        b.event_nr,
        b.user_id,
        b."timestamp" as sent_at,
        'bot' as sender_type,
        u.intent_name,
        cast(null as double precision) as intent_confidence,
        cast(null as double precision) as sentiment,
        b.utter_action,
        case when u.user_message_record_hash is not null
            then 1000 * {{ seconds_between('u."timestamp"', 'b."timestamp"') }}
        end as response_latency_ms,
        u.user_message_record_hash is not null and row_number() over (
            partition by b.sender_id, b.session_nr, b.interaction_nr order by b.event_nr
        ) = 1 as is_first_response
    from {{ ref('bot_messages') }} as b
    left join {{ ref('user_messages') }} as u
        on u.sender_id = b.sender_id
        and u.interaction_id = b.interaction_id
    where b.sender_id in (select sender_id from {{ ref('sender_ids') }})
)

select
    r.sender_id,
    r.message_record_hash,
    r.session_id,
    r.interaction_id,
    r.user_id,
    {{ date_sk('r.sent_at') }} as date_sk,
    r.sent_at,
    r.sender_type,
    r.event_nr,
    r.intent_name,
    case when r.intent_name is not null then {{ surrogate_key('r.intent_name') }} end as intent_key,
    r.intent_confidence,
    r.sentiment,
    r.utter_action,
    r.response_latency_ms,
    r.is_first_response
from (
    select * from user_rows
    union all
    select * from bot_rows
) as r
