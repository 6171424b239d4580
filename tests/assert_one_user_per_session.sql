-- Every session has exactly one user_id: the same in sessions, interactions and event_sequence.
-- Returns the sessions whose user ids disagree (or are missing).
with user_ids_seen as (
    select sender_id, session_id, user_id from {{ ref('sessions') }}
    union all
    select sender_id, session_id, user_id from {{ ref('interactions') }}
    union all
    select sender_id, session_id, user_id from {{ ref('event_sequence') }}
)

select sender_id, session_id, count(distinct user_id) as user_ids, sum(case when user_id is null then 1 else 0 end) as missing
from user_ids_seen
group by sender_id, session_id
having count(distinct user_id) <> 1 or sum(case when user_id is null then 1 else 0 end) > 0
