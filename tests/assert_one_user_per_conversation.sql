-- Every conversation has exactly one user_id: the same in conversations, sessions and event_sequence.
-- Returns the conversations whose user ids disagree (or are missing).
with user_ids_seen as (
    select sender_id, user_id from {{ ref('conversations') }}
    union all
    select sender_id, user_id from {{ ref('sessions') }}
    union all
    select sender_id, user_id from {{ ref('event_sequence') }}
)

select sender_id, count(distinct user_id) as user_ids, sum(case when user_id is null then 1 else 0 end) as missing
from user_ids_seen
group by sender_id
having count(distinct user_id) <> 1 or sum(case when user_id is null then 1 else 0 end) > 0
