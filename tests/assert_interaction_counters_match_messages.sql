-- The interaction counters agree with the message and action tables (the original package misspelled nlu_fallback
-- and never counted it). Returns the interactions whose counters differ from a recount.
with user_counts as (
    select
        sender_id,
        interaction_id,
        count(*) as user_messages,
        sum(case when intent_name = 'nlu_fallback' then 1 else 0 end) as nlu_fallbacks
    from {{ ref('user_messages') }}
    group by sender_id, interaction_id
),

bot_counts as (
    select sender_id, interaction_id, count(*) as bot_messages
    from {{ ref('bot_messages') }}
    group by sender_id, interaction_id
),

action_counts as (
    select
        sender_id,
        interaction_id,
        count(*) as actions,
        sum(case when action_name = 'action_default_fallback' then 1 else 0 end) as default_fallbacks
    from {{ ref('story_actions') }}
    group by sender_id, interaction_id
)

select i.interaction_id
from {{ ref('interactions') }} as i
left join user_counts as u on u.sender_id = i.sender_id and u.interaction_id = i.interaction_id
left join bot_counts as b on b.sender_id = i.sender_id and b.interaction_id = i.interaction_id
left join action_counts as a on a.sender_id = i.sender_id and a.interaction_id = i.interaction_id
where i.user_messages_count <> coalesce(u.user_messages, 0)
   or i.nlu_fallback_count <> coalesce(u.nlu_fallbacks, 0)
   or i.bot_messages_count <> coalesce(b.bot_messages, 0)
   or i.actions_count <> coalesce(a.actions, 0)
   or i.default_fallback_count <> coalesce(a.default_fallbacks, 0)
