{{ config(meta={'analyze_columns': ['sender_id', 'session_nr', 'event_type']}) }}
-- depends_on: {{ ref('sender_scope') }}
{#
  Grain: one row per event of the affected senders, in conversation order, with its session and interaction.

  Order: timestamp, then the loader's position in the tracker, then _record_hash — never timestamp alone, Rasa
  writes many events with the same timestamp (defect 7). The loader's position is the load (_load_id: dlt-style
  unix-time ids, so they sort in load order) and the position inside it (_event_order, when the raw schema has it),
  because _event_order restarts in every load: events sharing a timestamp that arrive in two loads keep their
  arrival order, exactly as if they had come in one load.

  Sessionisation (per sender): a session starts at the sender's first event, at every action_session_start or
  action_restart, and — when var session_gap_minutes is set — at an event that follows an idle gap longer than
  that. Sessions are numbered 1, 2, … in that order, so events before the first session start (old Rasa) are
  session 1 of their own. Metadata-only events (a session_started event or a session_started_metadata slot) that
  come directly before an action_session_start belong to the session it opens and never start one themselves. The
  user message asking for a restart stays where it was typed; action_restart opens the next session.

  Interactions: within a session, each user message opens interaction k (the k-th user message) which runs up to
  the next one; events before the first user message are interaction 0.

  Per event also: the previous actor (the author, user or bot, of the latest message before it in the same
  session), the form active at the event (latest active_loop event of the session) and which activation of a form
  in the session it belongs to, and the interaction number counted from the end of the session (defect 5: both
  are per session, not per sender). user_id is the sender's first non-null value of the var user_id column,
  external_session_id the session's first non-null value of the var external_session_id column; both fall back
  to sender_id, so each conversation has exactly one user and each session one external session id.

  Session scope (models/staging/sender_scope.sql): a session-scoped sender's rows start at S, the first event of its
  session from_session_nr, which keeps its event_nr (from_event_nr) and session number. The rules above then give
  every later row the numbers a run over the whole history would: they look back only as far as S (running counts
  start there and S opens its session, or belongs to it as metadata before its action_session_start) and ahead
  only within the session. user_id is sender_id for such a
  sender (session scope needs the default user_id var).
-#}
{%- set gap_seconds = session_gap_seconds() -%}
{%- set scoped = session_scoped_run() -%}
{#-
  Cost: every window below runs over the rows of one sender or session in event order, frames only grow from the
  partition start (running sums, lag), and the look-ahead of the metadata rule is a partition, not a frame: a frame
  "from the current row to the end" is recomputed for every row (quadratic in the length of a conversation). The rows
  are sorted three times (conversation order, metadata runs, sessions); everything else reuses one of those orders.
-#}
with flagged as (
    select
        e.*,
        case
            when e.event_type = 'session_started' then 1
            when e.event_type = 'slot' and e.value = 'session_started_metadata' then 1
            else 0
        end as is_session_metadata,
        case when e.event_type = 'action' and e.value = 'action_session_start' then 1 else 0 end as is_session_start_action,
        case when e.event_type = 'action' and e.value = 'action_restart' then 1 else 0 end as is_restart_action
        {%- if scoped %},
        c.from_session_nr,
        c.from_event_nr
        {%- endif %}
    from {{ ref('events') }} as e
    {%- if scoped %}
    inner join {{ ref('sender_scope') }} as c
        on c.sender_id = e.sender_id
    {%- endif %}
),

ordered as (
    -- The three windows are spelt alike (frame included), so PostgreSQL computes them in one pass.
    select
        f.*,
        row_number() over (
            partition by f.sender_id
            order by f."timestamp", f._load_id, f._event_order, f._record_hash
            rows between unbounded preceding and current row
        ){{ ' + f.from_event_nr - 1' if scoped else '' }} as event_nr,
        lag(f."timestamp") over (
            partition by f.sender_id
            order by f."timestamp", f._load_id, f._event_order, f._record_hash
            rows between unbounded preceding and current row
        ) as previous_timestamp,
        -- Events before this one that are not metadata: a run of metadata events shares this number with the first
        -- later event that is not metadata, which decides where the run belongs.
        count(case when f.is_session_metadata = 0 then 1 end) over (
            partition by f.sender_id
            order by f."timestamp", f._load_id, f._event_order, f._record_hash
            rows between unbounded preceding and current row
        ) - case when f.is_session_metadata = 0 then 1 else 0 end as other_events_before
    from flagged as f
),

boundaries as (
    -- Metadata belongs to the next session when the first later event that is not metadata is action_session_start.
    select
        o.*,
        case
            when o.is_session_metadata = 1
                and max(o.is_session_start_action) over (
                    partition by o.sender_id, o.other_events_before
                    order by o.event_nr rows between unbounded preceding and unbounded following
                ) = 1
            then 1 else 0
        end as belongs_to_next_session
    from ordered as o
),

session_starts as (
    select
        b.*,
        case
            when b.belongs_to_next_session = 1 then 0
            when b.event_nr = {{ 'b.from_event_nr' if scoped else '1' }} then 1
            when b.is_session_start_action = 1 or b.is_restart_action = 1 then 1
            {%- if gap_seconds is not none %}
            when {{ seconds_between('b.previous_timestamp', 'b."timestamp"') }} > {{ gap_seconds }} then 1
            {%- endif %}
            else 0
        end as is_session_start
    from boundaries as b
),

sessionised as (
    -- other_events_before never decreases along a conversation, so this is event order, and the rows are already
    -- sorted so for the look-ahead above.
    select
        s.*,
        sum(s.is_session_start) over (
            partition by s.sender_id
            order by s.other_events_before, s.event_nr rows between unbounded preceding and current row
        ) + s.belongs_to_next_session{{ ' + s.from_session_nr - 1' if scoped else '' }} as session_nr
    from session_starts as s
),

in_session as (
    select
        x.*,
        sum(case when x.event_type = 'user' then 1 else 0 end) over (
            partition by x.sender_id, x.session_nr order by x.event_nr rows between unbounded preceding and current row
        ) as interaction_nr,
        sum(case when x.event_type = 'user' then 1 else 0 end) over (
            partition by x.sender_id, x.session_nr
        ) as last_interaction_nr,
        case when x.event_type in ('user', 'bot') then x.event_type end as actor,
        -- The latest message before this event as 2 * its event_nr + (1 for the user, 0 for the bot): the largest code
        -- is the latest message and its parity names the author, so one running max gives the previous actor.
        max(case when x.event_type = 'user' then 2 * x.event_nr + 1 when x.event_type = 'bot' then 2 * x.event_nr end) over (
            partition by x.sender_id, x.session_nr order by x.event_nr rows between unbounded preceding and 1 preceding
        ) as previous_message_code,
        sum(case when x.event_type = 'active_loop' then 1 else 0 end) over (
            partition by x.sender_id, x.session_nr order by x.event_nr rows between unbounded preceding and current row
        ) as loop_events_so_far,
        -- where the first identity values are: found without sorting the rows by "has a value" first
        min(case when x.user_id_value is not null then x.event_nr end) over (partition by x.sender_id) as first_user_id_nr,
        min(case when x.external_session_id_value is not null then x.event_nr end) over (
            partition by x.sender_id, x.session_nr
        ) as first_external_session_id_nr
    from sessionised as x
),

identified as (
    select
        y.*,
        max(case when y.event_nr = y.first_user_id_nr then y.user_id_value end) over (
            partition by y.sender_id
        ) as first_user_id_value,
        max(case when y.event_nr = y.first_external_session_id_nr then y.external_session_id_value end) over (
            partition by y.sender_id, y.session_nr
        ) as first_external_session_id_value
    from in_session as y
),

loop_events as (
    -- The k-th active_loop event of a session opens the stretch where loop_events_so_far = k; its name is the form
    -- active there (null: the form ended). A form instance starts where a form becomes active that was not active
    -- just before.
    select
        l.sender_id,
        l.session_nr,
        l.loop_events_so_far,
        l.value,
        case
            when l.value is not null
                and (lag(l.value) over (partition by l.sender_id, l.session_nr order by l.event_nr) is null
                    or lag(l.value) over (partition by l.sender_id, l.session_nr order by l.event_nr) <> l.value)
            then 1 else 0
        end as is_form_start
    from identified as l
    where l.event_type = 'active_loop'
),

form_instances as (
    select
        l.sender_id,
        l.session_nr,
        l.loop_events_so_far,
        cast(l.value as text) as active_form,
        sum(l.is_form_start) over (
            partition by l.sender_id, l.session_nr order by l.loop_events_so_far rows between unbounded preceding and current row
        ) as form_starts_so_far
    from loop_events as l
),

numbered as (
    select
        i.*,
        fi.active_form,
        fi.form_starts_so_far,
        case
            when i.previous_message_code is null then null
            when mod(i.previous_message_code, 2) = 1 then 'user'
            else 'bot'
        end as previous_actor
    from identified as i
    left join form_instances as fi
        on fi.sender_id = i.sender_id
        and fi.session_nr = i.session_nr
        and fi.loop_events_so_far = i.loop_events_so_far
)

select
    n.sender_id,
    n._record_hash,
    n.event_type,
    n."timestamp",
    n.value,
    n.model_id,
    n._load_id,
    n._event_order,
    n.text,
    n.confidence,
    n.policy,
    n.message_id,
    n.input_channel,
    n.slot_value,
    n.event_nr,
    n.session_nr,
    n.interaction_nr,
    n.sender_id || '/' || cast(n.session_nr as varchar) as session_id,
    n.sender_id || '/' || cast(n.session_nr as varchar) || '/' || cast(n.interaction_nr as varchar) as interaction_id,
    n.is_session_start = 1 as is_session_start,
    n.actor,
    n.previous_actor,
    n.active_form,
    case when n.active_form is not null then n.form_starts_so_far end as active_form_nr,
    n.last_interaction_nr - n.interaction_nr + 1 as reverse_interaction_nr,
    coalesce(n.first_user_id_value, n.sender_id) as user_id,
    coalesce(n.first_external_session_id_value, n.sender_id) as external_session_id
from numbered as n
