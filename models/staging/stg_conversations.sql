{#-
  Grain: one row per conversation (= Rasa sender) of the affected senders: its user, time span and sizes.
  Read from views.sessions after this run has replaced the affected sessions there: a session-scoped sender's
  earlier sessions are only there, not in stg_sessions.
-#}
select
    s.sender_id,
    s.sender_id as conversation_id,
    max(s.user_id) as user_id,
    min(s.initiation_timestamp) as initiation_timestamp,
    min(s.start_timestamp) as start_timestamp,
    max(s.end_timestamp) as end_timestamp,
    {{ seconds_between('min(s.initiation_timestamp)', 'max(s.end_timestamp)') }} as duration_seconds,
    count(*) as sessions_count,
    sum(s.interactions_count) as interactions_count,
    sum(case when s.is_bounced then 1 else 0 end) as bounced_sessions_count
from {{ ref('sessions') }} as s
where {{ sender_filter('s.sender_id', ref('sender_ids')) }}
group by s.sender_id
