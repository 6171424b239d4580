{#-
  Idle time between consecutive sessions of the same user (over all their conversations): for each session after
  a user's first, the minutes since the end of their previous session, and per user the mean and longest gap.
  Compiled by `chatsem compile`, never run.
-#}
with ordered as (
    select
        s.user_id,
        s.session_id,
        s.started_at,
        s.ended_at,
        lag(s.ended_at) over (partition by s.user_id order by s.started_at, s.sender_id, s.session_nr) as previous_ended_at
    from {{ ref('fact_sessions') }} as s
),

gaps as (
    select
        o.user_id,
        o.session_id,
        {{ seconds_between('o.previous_ended_at', 'o.started_at') }} / 60 as idle_minutes
    from ordered as o
    where o.previous_ended_at is not null
)

select
    g.user_id,
    count(*) as gaps_count,
    avg(g.idle_minutes) as avg_idle_minutes,
    min(g.idle_minutes) as min_idle_minutes,
    max(g.idle_minutes) as max_idle_minutes
from gaps as g
group by g.user_id
order by avg_idle_minutes desc
