-- depends_on: {{ ref('sender_scope') }}
{#
  Grain: one row per session (sender, session_nr) of the affected senders (of a session-scoped sender: its sessions
  from sender_scope.from_session_nr on).

  Sums the interactions' counters. interactions_count counts user messages (interaction 0 is not one); a session
  without any is bounced. first_story_intent is the story intent of the earliest interaction that has one (not
  simply interaction 0's, which never has a user message — defect 4). user_type is 'new' for the user's first
  session over all their conversations (ordered by initiation, sender, session number) and 'returning' after
  that; sender_ids brings every conversation of an affected user into the run, so this is exact. A session-scoped
  sender is its own user (default user_id var) and its sessions before from_session_nr are not here, so its rank
  continues from from_session_nr.
-#}
{%- set scoped = session_scoped_run() %}
with interactions as (
    select * from {{ ref('stg_interactions') }}
),

forms as (
    select
        e.sender_id,
        e.session_nr,
        count(distinct e.active_form) as forms_count
    from {{ ref('stg_event_sequence') }} as e
    group by e.sender_id, e.session_nr
),

story as (
    select
        i.*,
        -- the earliest interaction with a story intent, located without sorting by "has one" first
        min(case when i.story_intent is not null then i.interaction_nr end) over (
            partition by i.sender_id, i.session_nr
        ) as first_story_interaction_nr
    from interactions as i
),

aggregated as (
    select
        s.sender_id,
        s.session_nr,
        max(s.session_id) as session_id,
        max(s.user_id) as user_id,
        max(s.external_session_id) as external_session_id,
        min(s.initiation_timestamp) as initiation_timestamp,
        min(s.start_timestamp) as start_timestamp,
        max(s.end_timestamp) as end_timestamp,
        sum(s.user_messages_count) as interactions_count,
        sum(s.bot_messages_count) as bot_messages_count,
        sum(s.events_count) as events_count,
        sum(s.out_of_scope_count) as out_of_scope_count,
        sum(s.nlu_fallback_count) as nlu_fallback_count,
        sum(s.default_fallback_count) as default_fallback_count,
        sum(s.unlikely_intent_count) as unlikely_intent_count,
        sum(s.handoff_count) as handoff_count,
        sum(s.dispute_count) as dispute_count,
        sum(s.frustration_count) as frustration_count,
        sum(s.happy_count) as happy_count,
        max(case when s.interaction_nr = s.first_story_interaction_nr then s.story_intent end) as first_story_intent,
        max(s.model_id) as model_id
    from story as s
    group by s.sender_id, s.session_nr
),

ranked as (
    select
        a.*,
        row_number() over (
            partition by a.user_id order by a.initiation_timestamp, a.sender_id, a.session_nr
        ){{ ' + c.from_session_nr - 1' if scoped else '' }} as user_session_nr
    from aggregated as a
    {%- if scoped %}
    inner join {{ ref('sender_scope') }} as c
        on c.sender_id = a.sender_id
    {%- endif %}
)

select
    r.sender_id,
    r.session_nr,
    r.session_id,
    r.user_id,
    r.external_session_id,
    r.initiation_timestamp,
    r.start_timestamp,
    r.end_timestamp,
    {{ seconds_between('r.initiation_timestamp', 'r.end_timestamp') }} as duration_seconds,
    r.interactions_count,
    r.bot_messages_count,
    r.events_count,
    f.forms_count,
    r.out_of_scope_count,
    r.nlu_fallback_count,
    r.default_fallback_count,
    r.unlikely_intent_count,
    r.handoff_count,
    r.dispute_count,
    r.frustration_count,
    r.happy_count,
    r.first_story_intent,
    r.model_id,
    r.interactions_count = 0 as is_bounced,
    r.handoff_count > 0 as is_handover,
    case when r.user_session_nr = 1 then 'new' else 'returning' end as user_type
from ranked as r
inner join forms as f
    on f.sender_id = r.sender_id
    and f.session_nr = r.session_nr
