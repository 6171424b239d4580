-- depends_on: {{ ref('sender_ids') }}
{#
  Grain: one row per affected sender (sender_ids), saying where this run recomputes it from.

  Session-scoped sender: the run recomputes its last session before this run (k = from_session_nr, read from the
  previous run's sessions table) and everything after it; sessions 1 … k−1 stay as they are. from_event_nr and
  from_timestamp are those of that session's first event S (it may be session metadata that belongs to it). This is
  exact when every event of the pending loads sorts after F, the session's first event that is not metadata:
  sessionising an event looks only at the events before it and ahead to the first later event that is not
  metadata, so nothing before F can change, and S … F stay in session k. Checked conservatively: the pending
  events are later than the session's first message (F is at or before it).
  Sender-scoped sender (from_session_nr 1, from_timestamp null: its whole history, as at a first run): a new
  sender, a pending event not later than that first message, a last session without messages or sharing a
  timestamp with the session before it, and every sender when session_scoped_run() is false (full refresh, var
  user_id set, no previous run) or after_unfinished_run is true.
  after_unfinished_run (the same on every row): a pending load was already started by an earlier run that failed or
  was killed (models/staging/load_attempts.sql), or there is no record of that yet. Such a run may have replaced
  some tables and not others, so no single table tells what the previous state was (session_scope then reads the
  sessions of every table).
-#}
{%- set views = source_schema_prefix() ~ '_views' -%}
{%- set attempts = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_staging', identifier='load_attempts') if execute else none -%}
{%- set pending = pending_load_ids() -%}
{%- set scoped = session_scoped_run() and attempts is not none and pending | length > 0 %}
with retried as (
    {%- if should_full_refresh() or pending | length == 0 %}
    select false as after_unfinished_run
    {%- elif attempts is none %}
    select true as after_unfinished_run
    {%- else %}
    select count(*) > 0 as after_unfinished_run
    from {{ attempts }} as a
    where a.load_id in ({{ literal(pending) }})
    {%- endif %}
),
{%- if scoped %}
{%- set previous_sessions = adapter.get_relation(database=none, schema=views, identifier='sessions') %}

previous_sessions as (
    select
        s.sender_id,
        s.session_nr,
        s.initiation_timestamp,
        s.start_timestamp,
        s.interactions_count + s.bot_messages_count as messages_count,
        coalesce(sum(s.events_count) over (
            partition by s.sender_id order by s.session_nr rows between unbounded preceding and 1 preceding
        ), 0) as events_before,
        lag(s.end_timestamp) over (partition by s.sender_id order by s.session_nr) as previous_end_timestamp,
        row_number() over (partition by s.sender_id order by s.session_nr desc) as sessions_after
    from {{ previous_sessions }} as s
    where {{ sender_filter('s.sender_id', ref('sender_ids')) }}
),

new_events as (
    select cast(e.sender_id as varchar) as sender_id, min(e."timestamp") as first_timestamp
    from {{ source('event', 'event') }} as e
    where e._load_id in ({{ literal(pending) }})
    group by cast(e.sender_id as varchar)
),

scoped as (
    -- F, the first event of the last session that is not metadata, is at or before its first message
    -- (start_timestamp); a session without messages falls back. S is the session's first event: its timestamp is
    -- the session's initiation_timestamp and its event_nr follows the events of the earlier sessions. Those all
    -- end before S's timestamp (else the sender falls back), so reading the raw events from that timestamp on reads
    -- exactly S and what follows it.
    select
        l.sender_id,
        l.session_nr as from_session_nr,
        l.events_before + 1 as from_event_nr,
        l.initiation_timestamp as from_timestamp
    from previous_sessions as l
    inner join new_events as n
        on n.sender_id = l.sender_id
    where l.sessions_after = 1
      and l.messages_count > 0
      and n.first_timestamp > l.start_timestamp
      and (l.previous_end_timestamp is null or l.previous_end_timestamp < l.initiation_timestamp)
      and not (select r.after_unfinished_run from retried as r)
)

{%- else %}

scoped as (
    -- no sender is session-scoped; the raw timestamp column gives from_timestamp its type (a timestamp or a number,
    -- depending on the loader)
    select
        cast(e.sender_id as varchar) as sender_id,
        cast(null as bigint) as from_session_nr,
        cast(null as bigint) as from_event_nr,
        e."timestamp" as from_timestamp
    from {{ source('event', 'event') }} as e
    where 1 = 0
)
{%- endif %}

select
    d.sender_id,
    cast(coalesce(s.from_session_nr, 1) as bigint) as from_session_nr,
    cast(coalesce(s.from_event_nr, 1) as bigint) as from_event_nr,
    s.from_timestamp,
    r.after_unfinished_run
from {{ ref('sender_ids') }} as d
cross join retried as r
left join scoped as s
    on s.sender_id = d.sender_id
