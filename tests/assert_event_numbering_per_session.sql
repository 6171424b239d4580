-- Ordering and per-session windows of event_sequence: event_nr numbers each conversation 1..n without ties
-- (timestamps tie, so a tiebreaker is needed); in every session the first event has no previous actor, the last
-- interaction has reverse_interaction_nr 1 and interaction numbers count from 0 or 1 (the original package ran these
-- windows over the whole sender). Returns the conversations or sessions that break a rule.
with per_conversation as (
    select sender_id, count(*) as events, count(distinct event_nr) as distinct_nrs, min(event_nr) as first_nr, max(event_nr) as last_nr
    from {{ ref('event_sequence') }}
    group by sender_id
),

per_session as (
    select
        sender_id,
        session_id,
        min(reverse_interaction_nr) as min_reverse_nr,
        min(interaction_nr) as min_interaction_nr,
        min(event_nr) as first_event_nr
    from {{ ref('event_sequence') }}
    group by sender_id, session_id
)

select c.sender_id, null as session_id, 'event_nr is not 1..n' as problem
from per_conversation as c
where c.distinct_nrs <> c.events or c.first_nr <> 1 or c.last_nr <> c.events
union all
select s.sender_id, s.session_id, 'reverse_interaction_nr or interaction_nr not per session'
from per_session as s
where s.min_reverse_nr <> 1 or s.min_interaction_nr > 1
union all
select s.sender_id, s.session_id, 'previous_actor set on the first event of a session'
from per_session as s
inner join {{ ref('event_sequence') }} as e
    on e.sender_id = s.sender_id
    and e.event_nr = s.first_event_nr
where e.previous_actor is not null
