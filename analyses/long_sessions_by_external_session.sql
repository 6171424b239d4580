{#-
  Long sessions by external session (the var external_session_id column: a web/mobile session or an IP-like key):
  the keys whose sessions last more than 15 minutes on average — bots driven by scripts, agents left open, or
  several people behind one address. Compiled by `chatsem compile` (target/compiled/…/analyses/), never run.
-#}
select
    s.external_session_id,
    count(*) as sessions_count,
    count(distinct s.user_id) as users_count,
    avg(s.duration_seconds) / 60 as avg_duration_minutes,
    max(s.duration_seconds) / 60 as max_duration_minutes,
    min(s.started_at) as first_started_at,
    max(s.ended_at) as last_ended_at
from {{ ref('fact_sessions') }} as s
group by s.external_session_id
having avg(s.duration_seconds) > 15 * 60
order by avg_duration_minutes desc
