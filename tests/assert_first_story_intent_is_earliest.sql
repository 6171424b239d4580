-- sessions.first_story_intent is the story intent of the earliest interaction that has one (the original package
-- took interaction 0's, which never has a user message, so it was almost always null).
-- Returns the sessions where it differs.
with ranked as (
    select
        sender_id,
        session_id,
        story_intent,
        row_number() over (partition by sender_id, session_nr order by interaction_nr) as story_rank
    from {{ ref('interactions') }}
    where story_intent is not null
)

select s.session_id, s.first_story_intent, r.story_intent as expected
from {{ ref('sessions') }} as s
left join ranked as r
    on r.sender_id = s.sender_id
    and r.session_id = s.session_id
    and r.story_rank = 1
where coalesce(s.first_story_intent, '') <> coalesce(r.story_intent, '')
