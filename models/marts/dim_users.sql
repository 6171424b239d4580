{{ config(materialized='incremental', incremental_strategy='replace', partition_key='user_id', partition_scope=ref('user_ids'), tags=['star']) }}
{#-
  Grain: one row per user (views.users), keyed by user_id, with the user's current attributes: language, country,
  device and age are the values of the user's latest session that had one (fact_sessions keeps each session's
  values at its end). snapshots/users_snapshot.sql records how language, country and device change over time.
  Incremental: every row of the users in user_ids (the users of the affected conversations before and after this
  run) is recomputed from all their sessions, as views.users is.
-#}
with users as (
    select u.*
    from {{ ref('users') }} as u
    {%- if is_incremental() %}
    where u.user_id in (select user_id from {{ ref('user_ids') }})
    {%- endif %}
),

sessions as (
    select s.*
    from {{ ref('fact_sessions') }} as s
    where s.user_id in (select user_id from users)
),

latest as (
    select
        s.user_id,
        first_value(s.language) over (
            partition by s.user_id
            order by case when s.language is null then 1 else 0 end, s.started_at desc, s.sender_id desc, s.session_nr desc
            rows between unbounded preceding and unbounded following
        ) as language,
        first_value(s.country) over (
            partition by s.user_id
            order by case when s.country is null then 1 else 0 end, s.started_at desc, s.sender_id desc, s.session_nr desc
            rows between unbounded preceding and unbounded following
        ) as country,
        first_value(s.device) over (
            partition by s.user_id
            order by case when s.device is null then 1 else 0 end, s.started_at desc, s.sender_id desc, s.session_nr desc
            rows between unbounded preceding and unbounded following
        ) as device,
        first_value(s.age) over (
            partition by s.user_id
            order by case when s.age is null then 1 else 0 end, s.started_at desc, s.sender_id desc, s.session_nr desc
            rows between unbounded preceding and unbounded following
        ) as age
    from sessions as s
),

attributes as (
    select l.user_id, max(l.language) as language, max(l.country) as country, max(l.device) as device, max(l.age) as age
    from latest as l
    group by l.user_id
)

select
    u.user_id,
    a.language,
    a.country,
    a.device,
    a.age,
    {{ date_sk('u.first_seen_timestamp') }} as first_seen_date_sk,
    u.first_seen_timestamp,
    u.last_seen_timestamp,
    u.sessions_count,
    u.conversations_count,
    u.interactions_count as user_messages_count
from users as u
left join attributes as a
    on a.user_id = u.user_id
