{{ config(materialized='incremental', incremental_strategy='replace', partition_key='user_id', partition_scope=ref('user_ids')) }}
{#-
  Grain: one row per user, keyed by user_id (the var user_id column, else sender_id). The only table not keyed by
  sender: a user may have several conversations. Incremental: every row of the users in user_ids (the users of
  the affected conversations, before and after this run) is recomputed from all their sessions and conversations.
-#}
with sessions as (
    select s.*
    from {{ ref('sessions') }} as s
    {%- if is_incremental() %}
    where s.user_id in (select user_id from {{ ref('user_ids') }})
    {%- endif %}
),

conversations as (
    select c.*
    from {{ ref('conversations') }} as c
    {%- if is_incremental() %}
    where c.user_id in (select user_id from {{ ref('user_ids') }})
    {%- endif %}
),

ranked_sessions as (
    select
        s.user_id,
        s.session_id,
        row_number() over (partition by s.user_id order by s.initiation_timestamp, s.sender_id, s.session_nr) as first_rank,
        row_number() over (partition by s.user_id order by s.initiation_timestamp desc, s.sender_id desc, s.session_nr desc) as last_rank
    from sessions as s
),

ranked_conversations as (
    select
        c.user_id,
        c.conversation_id,
        row_number() over (partition by c.user_id order by c.initiation_timestamp, c.conversation_id) as first_rank,
        row_number() over (partition by c.user_id order by c.initiation_timestamp desc, c.conversation_id desc) as last_rank
    from conversations as c
),

per_user as (
    select
        c.user_id,
        min(c.initiation_timestamp) as first_seen_timestamp,
        max(c.end_timestamp) as last_seen_timestamp,
        sum(c.sessions_count) as sessions_count,
        count(*) as conversations_count,
        sum(c.interactions_count) as interactions_count
    from conversations as c
    group by c.user_id
)

select
    u.user_id,
    u.first_seen_timestamp,
    u.last_seen_timestamp,
    u.sessions_count,
    u.conversations_count,
    u.interactions_count,
    fs.session_id as first_session_id,
    ls.session_id as last_session_id,
    fc.conversation_id as first_conversation_id,
    lc.conversation_id as last_conversation_id
from per_user as u
left join ranked_sessions as fs on fs.user_id = u.user_id and fs.first_rank = 1
left join ranked_sessions as ls on ls.user_id = u.user_id and ls.last_rank = 1
left join ranked_conversations as fc on fc.user_id = u.user_id and fc.first_rank = 1
left join ranked_conversations as lc on lc.user_id = u.user_id and lc.last_rank = 1
