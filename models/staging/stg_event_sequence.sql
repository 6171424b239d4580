{#-
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
-#}
{%- set gap_seconds = session_gap_seconds() -%}
with ordered as (
    select
        e.*,
        row_number() over (
            partition by e.sender_id
            order by e."timestamp", e._load_id, e._event_order, e._record_hash
        ) as event_nr
    from {{ ref('events') }} as e
),

flagged as (
    select
        o.*,
        lag(o."timestamp") over (partition by o.sender_id order by o.event_nr) as previous_timestamp,
        case
            when o.event_type = 'session_started' then 1
            when o.event_type = 'slot' and o.value = 'session_started_metadata' then 1
            else 0
        end as is_session_metadata,
        case when o.event_type = 'action' and o.value = 'action_session_start' then 1 else 0 end as is_session_start_action,
        case when o.event_type = 'action' and o.value = 'action_restart' then 1 else 0 end as is_restart_action
    from ordered as o
),

lookahead as (
    -- Metadata belongs to the next session when the first later event that is not metadata is action_session_start.
    select
        f.*,
        min(case when f.is_session_start_action = 1 then f.event_nr end) over (
            partition by f.sender_id order by f.event_nr rows between current row and unbounded following
        ) as next_session_start_nr,
        min(case when f.is_session_metadata = 0 and f.is_session_start_action = 0 then f.event_nr end) over (
            partition by f.sender_id order by f.event_nr rows between current row and unbounded following
        ) as next_other_nr
    from flagged as f
),

boundaries as (
    select
        l.*,
        case
            when l.is_session_metadata = 1
                and l.next_session_start_nr is not null
                and (l.next_other_nr is null or l.next_session_start_nr < l.next_other_nr)
            then 1 else 0
        end as belongs_to_next_session
    from lookahead as l
),

session_starts as (
    select
        b.*,
        case
            when b.belongs_to_next_session = 1 then 0
            when b.event_nr = 1 then 1
            when b.is_session_start_action = 1 or b.is_restart_action = 1 then 1
            {%- if gap_seconds is not none %}
            when {{ seconds_between('b.previous_timestamp', 'b."timestamp"') }} > {{ gap_seconds }} then 1
            {%- endif %}
            else 0
        end as is_session_start
    from boundaries as b
),

sessionised as (
    select
        s.*,
        sum(s.is_session_start) over (
            partition by s.sender_id order by s.event_nr rows between unbounded preceding and current row
        ) + s.belongs_to_next_session as session_nr
    from session_starts as s
),

interactions as (
    select
        x.*,
        sum(case when x.event_type = 'user' then 1 else 0 end) over (
            partition by x.sender_id, x.session_nr order by x.event_nr rows between unbounded preceding and current row
        ) as interaction_nr,
        case when x.event_type in ('user', 'bot') then x.event_type end as actor,
        sum(case when x.event_type = 'active_loop' then 1 else 0 end) over (
            partition by x.sender_id, x.session_nr order by x.event_nr rows between unbounded preceding and current row
        ) as loop_events_so_far
    from sessionised as x
),

forms as (
    select
        i.*,
        -- each group starts with exactly one active_loop event (none in group 0): its name is the active form
        max(case when i.event_type = 'active_loop' then i.value end) over (
            partition by i.sender_id, i.session_nr, i.loop_events_so_far
        ) as active_form,
        count(i.actor) over (
            partition by i.sender_id, i.session_nr order by i.event_nr rows between unbounded preceding and current row
        ) as messages_so_far
    from interactions as i
),

actors as (
    select
        f.*,
        -- each group starts with exactly one message (none in group 0): its author is the latest actor
        max(f.actor) over (partition by f.sender_id, f.session_nr, f.messages_so_far) as latest_actor,
        lag(f.active_form) over (partition by f.sender_id, f.session_nr order by f.event_nr) as previous_active_form
    from forms as f
),

form_instances as (
    select
        a.*,
        lag(a.latest_actor) over (partition by a.sender_id, a.session_nr order by a.event_nr) as previous_actor,
        case
            when a.event_type = 'active_loop'
                and a.value is not null
                and (a.previous_active_form is null or a.previous_active_form <> a.value)
            then 1 else 0
        end as is_form_start
    from actors as a
),

numbered as (
    select
        fi.*,
        sum(fi.is_form_start) over (
            partition by fi.sender_id, fi.session_nr order by fi.event_nr rows between unbounded preceding and current row
        ) as form_starts_so_far,
        max(fi.interaction_nr) over (partition by fi.sender_id, fi.session_nr) as last_interaction_nr,
        first_value(fi.user_id_value) over (
            partition by fi.sender_id
            order by case when fi.user_id_value is null then 1 else 0 end, fi.event_nr
            rows between unbounded preceding and unbounded following
        ) as first_user_id_value,
        first_value(fi.external_session_id_value) over (
            partition by fi.sender_id, fi.session_nr
            order by case when fi.external_session_id_value is null then 1 else 0 end, fi.event_nr
            rows between unbounded preceding and unbounded following
        ) as first_external_session_id_value
    from form_instances as fi
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
