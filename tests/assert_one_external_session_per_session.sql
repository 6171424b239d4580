-- Every session has exactly one external_session_id: the same in sessions, interactions and event_sequence.
-- Returns the sessions whose external session ids disagree (or are missing).
with ids_seen as (
    select sender_id, session_id, external_session_id from {{ ref('sessions') }}
    union all
    select sender_id, session_id, external_session_id from {{ ref('interactions') }}
    union all
    select sender_id, session_id, external_session_id from {{ ref('event_sequence') }}
)

select sender_id, session_id, count(distinct external_session_id) as external_session_ids
from ids_seen
group by sender_id, session_id
having count(distinct external_session_id) <> 1 or sum(case when external_session_id is null then 1 else 0 end) > 0
