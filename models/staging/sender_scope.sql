-- depends_on: {{ ref('sender_ids') }}
{#
  Grain: one row per affected sender (sender_ids), saying where this run recomputes it from.

  Session-scoped sender: the run recomputes its last session before this run (k = from_session_nr, read from the
  previous run's sessions and event_sequence) and everything after it; sessions 1 … k−1 stay as they are.
  from_event_nr / from_timestamp / from_record_hash locate that session's first event S (it may be session metadata
  that belongs to it). This is exact when every event of the pending loads sorts after F, the session's first event
  that is not metadata (checked conservatively: a later timestamp): sessionising an event looks only at the events
  before it and ahead to the first later event that is not metadata, so nothing before F can change, and S … F
  stay in session k.
  Sender-scoped sender (from_session_nr 1, from_timestamp null: its whole history, as at a first run): a new
  sender, a pending event at or before F's timestamp, and every sender when session_scoped_run() is false (full
  refresh, var user_id set, no previous run) or after_unfinished_run is true.
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
{%- set previous_sessions = adapter.get_relation(database=none, schema=views, identifier='sessions') -%}
{%- set previous_events = adapter.get_relation(database=none, schema=views, identifier='event_sequence') %}

last_sessions as (
    select s.sender_id, max(s.session_nr) as session_nr
    from {{ previous_sessions }} as s
    where {{ sender_filter('s.sender_id', ref('sender_ids')) }}
    group by s.sender_id
),

last_session_events as (
    select
        e.sender_id,
        e.session_nr,
        e.event_nr,
        e._record_hash,
        e."timestamp",
        case
            when e.event_type = 'session_started' then 1
            when e.event_type = 'slot' and e.value = 'session_started_metadata' then 1
            else 0
        end as is_session_metadata
    from {{ previous_events }} as e
    where e.session_id = any (array(select l.sender_id || '/' || cast(l.session_nr as varchar) from last_sessions as l))
),

session_bounds as (
    select
        e.sender_id,
        e.session_nr,
        min(e.event_nr) as first_event_nr,
        min(case when e.is_session_metadata = 0 then e.event_nr end) as first_other_event_nr
    from last_session_events as e
    group by e.sender_id, e.session_nr
),

new_events as (
    select cast(e.sender_id as varchar) as sender_id, min(e."timestamp") as first_timestamp
    from {{ source('event', 'event') }} as e
    where e._load_id in ({{ literal(pending) }})
    group by cast(e.sender_id as varchar)
),

scoped as (
    select
        b.sender_id,
        b.session_nr as from_session_nr,
        s.event_nr as from_event_nr,
        s."timestamp" as from_timestamp,
        s._record_hash as from_record_hash
    from session_bounds as b
    inner join last_session_events as s
        on s.sender_id = b.sender_id
        and s.event_nr = b.first_event_nr
    inner join last_session_events as f
        on f.sender_id = b.sender_id
        and f.event_nr = b.first_other_event_nr
    inner join new_events as n
        on n.sender_id = b.sender_id
    where n.first_timestamp > f."timestamp"
      and not (select r.after_unfinished_run from retried as r)
)

select
    d.sender_id,
    cast(coalesce(s.from_session_nr, 1) as bigint) as from_session_nr,
    cast(coalesce(s.from_event_nr, 1) as bigint) as from_event_nr,
    s.from_timestamp,
    s.from_record_hash,
    r.after_unfinished_run
from {{ ref('sender_ids') }} as d
cross join retried as r
left join scoped as s
    on s.sender_id = d.sender_id
{%- else %}

-- The raw timestamp column gives from_timestamp its type (a timestamp or a number, depending on the loader).
no_scope as (
    select cast(e.sender_id as varchar) as sender_id, e."timestamp"
    from {{ source('event', 'event') }} as e
    where 1 = 0
)

select
    d.sender_id,
    cast(1 as bigint) as from_session_nr,
    cast(1 as bigint) as from_event_nr,
    n."timestamp" as from_timestamp,
    cast(null as varchar) as from_record_hash,
    r.after_unfinished_run
from {{ ref('sender_ids') }} as d
cross join retried as r
left join no_scope as n
    on n.sender_id = d.sender_id
{%- endif %}
