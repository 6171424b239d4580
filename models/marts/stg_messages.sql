{{ config(materialized='table', schema='staging') }}
{#-
  Grain: one row per user or bot message of the affected senders: the rows fact_messages replaces for them (rules in
  fact_messages.sql). Built from the staging tables of the run rather than from user_messages / bot_messages, so the
  marts read the affected senders' rows from small working tables instead of picking them out of the semantic
  tables; fact_sessions reads the response times and sentiments from here too.
-#}
with messages as (
    select
        e.sender_id,
        e._record_hash,
        e.event_type,
        e.session_id,
        e.session_nr,
        e.interaction_id,
        e.interaction_nr,
        e.event_nr,
        e.user_id,
        e."timestamp",
        e.value,
        e.confidence
    from {{ ref('stg_event_sequence') }} as e
    where e.event_type in ('user', 'bot')
),

user_rows as (
    select
        m.sender_id,
        m._record_hash as message_record_hash,
        m.session_id,
        m.session_nr,
        m.interaction_id,
        m.interaction_nr,
        m.event_nr,
        m.user_id,
        m."timestamp" as sent_at,
        'user' as sender_type,
        m.value as intent_name,
        m.confidence as intent_confidence,
        a.sentiment,
        cast(null as varchar) as utter_action,
        cast(null as double precision) as response_latency_ms,
        false as is_first_response
    from messages as m
    left join {{ ref('stg_message_attributes') }} as a
        on a.sender_id = m.sender_id
        and a.user_message_record_hash = m._record_hash
    where m.event_type = 'user'
),

bot_rows as (
    select
        b.sender_id,
        b._record_hash as message_record_hash,
        b.session_id,
        b.session_nr,
        b.interaction_id,
        b.interaction_nr,
        b.event_nr,
        b.user_id,
        b."timestamp" as sent_at,
        'bot' as sender_type,
        u.value as intent_name,
        cast(null as double precision) as intent_confidence,
        cast(null as double precision) as sentiment,
        b.value as utter_action,
        case when u._record_hash is not null
            then 1000 * {{ seconds_between('u."timestamp"', 'b."timestamp"') }}
        end as response_latency_ms,
        u._record_hash is not null and row_number() over (
            partition by b.sender_id, b.session_nr, b.interaction_nr order by b.event_nr
        ) = 1 as is_first_response
    from messages as b
    left join messages as u
        on u.sender_id = b.sender_id
        and u.interaction_id = b.interaction_id
        and u.event_type = 'user'
    where b.event_type = 'bot'
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
