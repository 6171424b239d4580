{#-
  Conversation quality per channel: the share of short sessions (fewer than 3 messages or under 60 s, as in
  fact_sessions.is_short) next to completion, containment and fallback. Compiled by `chatsem compile`, never run.
-#}
select
    s.channel,
    count(*) as sessions_count,
    {{ safe_ratio('sum(case when s.is_short then 1 else 0 end)', 'count(*)') }} as short_session_rate,
    {{ safe_ratio('sum(case when s.is_completion_eligible and s.is_completed then 1 else 0 end)', 'sum(case when s.is_completion_eligible then 1 else 0 end)') }} as completion_rate,
    {{ safe_ratio('sum(case when s.is_contained then 1 else 0 end)', 'count(*)') }} as containment_rate,
    {{ safe_ratio('sum(s.fallback_messages_count)', 'sum(s.user_messages_count)') }} as fallback_rate,
    avg(s.messages_count) as avg_messages,
    avg(s.duration_seconds) as avg_duration_seconds
from {{ ref('fact_sessions') }} as s
group by s.channel
order by short_session_rate desc
