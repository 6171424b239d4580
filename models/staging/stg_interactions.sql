{{ config(meta={'analyze_columns': ['sender_id', 'session_nr']}) }}
{#-
  Grain: one row per interaction (sender, session_nr, interaction_nr) of the affected senders.

  An interaction runs from a user message up to the next one (interaction 0 = what the bot did before the first
  user message of the session). Counters count its events: the user message's intent against out_of_scope,
  nlu_fallback (spelled right — defect 1), and the seed lists (+ vars) for frustration, dispute, happy and story
  start intents; its actions against action_default_fallback, action_unlikely_intent and the handoff list.
  Timestamps: initiation = first event, start = first message (user or bot), end = last event. Forms and model:
  the first one seen in the interaction. The name lists are matched with `in`: a membership test per event, where
  joins would sort every event by name (and a name listed twice would count its events twice).
-#}
with events as (
    select
        e.sender_id,
        e.session_nr,
        e.interaction_nr,
        e.session_id,
        e.interaction_id,
        e.user_id,
        e.external_session_id,
        e."timestamp",
        e.event_nr,
        e.reverse_interaction_nr,
        e._record_hash,
        e.event_type,
        e.actor,
        e.value,
        e.confidence,
        e.active_form,
        e.model_id
    from {{ ref('stg_event_sequence') }} as e
),

story_start_intents as {{ configured_names('story_start_intents', 'intent_name') }},
frustration_intents as {{ configured_names('frustration_intents', 'intent_name') }},
dispute_intents as {{ configured_names('dispute_intents', 'intent_name') }},
happy_intents as {{ configured_names('happy_intents', 'intent_name') }},
handoff_actions as {{ configured_names('handoff_actions', 'action_name') }},

classified as (
    select
        e.*,
        case when e.event_type = 'user' then 1 else 0 end as is_user_message,
        case when e.event_type = 'bot' then 1 else 0 end as is_bot_message,
        case when e.event_type = 'action' then 1 else 0 end as is_action,
        case when e.event_type = 'user' and (e.value = 'out_of_scope' or e.value like 'out\_of\_scope/%' escape '\') then 1 else 0 end as is_out_of_scope,
        case when e.event_type = 'user' and e.value = 'nlu_fallback' then 1 else 0 end as is_nlu_fallback,
        case when e.event_type = 'action' and e.value = 'action_default_fallback' then 1 else 0 end as is_default_fallback,
        case when e.event_type = 'action' and e.value = 'action_unlikely_intent' then 1 else 0 end as is_unlikely_intent,
        case when e.event_type = 'action' and e.value in (select name from handoff_actions) then 1 else 0 end as is_handoff,
        case when e.event_type = 'user' and e.value in (select name from dispute_intents) then 1 else 0 end as is_dispute,
        case when e.event_type = 'user' and e.value in (select name from frustration_intents) then 1 else 0 end as is_frustration,
        case when e.event_type = 'user' and e.value in (select name from happy_intents) then 1 else 0 end as is_happy,
        case when e.event_type = 'user' and e.value in (select name from story_start_intents) then e.value end as story_intent,
        -- where the interaction's first form and model are (in the order the aggregation below needs anyway)
        min(case when e.active_form is not null then e.event_nr end) over (
            partition by e.sender_id, e.session_nr, e.interaction_nr
        ) as first_active_form_event_nr,
        min(case when e.model_id is not null then e.event_nr end) over (
            partition by e.sender_id, e.session_nr, e.interaction_nr
        ) as first_model_event_nr
    from events as e
),

aggregated as (
    select
        c.sender_id,
        c.session_nr,
        c.interaction_nr,
        max(c.session_id) as session_id,
        max(c.interaction_id) as interaction_id,
        max(c.user_id) as user_id,
        max(c.external_session_id) as external_session_id,
        min(c."timestamp") as initiation_timestamp,
        min(case when c.actor is not null then c."timestamp" end) as start_timestamp,
        max(c."timestamp") as end_timestamp,
        min(c.event_nr) as first_event_nr,
        max(c.event_nr) as last_event_nr,
        max(c.reverse_interaction_nr) as reverse_interaction_nr,
        max(case when c.is_user_message = 1 then c._record_hash end) as user_message_record_hash,
        max(case when c.is_user_message = 1 then c.value end) as intent_name,
        max(case when c.is_user_message = 1 then c.confidence end) as intent_confidence,
        max(case when c.event_nr = c.first_active_form_event_nr then c.active_form end) as active_form,
        max(case when c.event_nr = c.first_model_event_nr then c.model_id end) as model_id,
        count(*) as events_count,
        sum(c.is_user_message) as user_messages_count,
        sum(c.is_bot_message) as bot_messages_count,
        sum(c.is_action) as actions_count,
        sum(c.is_out_of_scope) as out_of_scope_count,
        sum(c.is_nlu_fallback) as nlu_fallback_count,
        sum(c.is_default_fallback) as default_fallback_count,
        sum(c.is_unlikely_intent) as unlikely_intent_count,
        sum(c.is_handoff) as handoff_count,
        sum(c.is_dispute) as dispute_count,
        sum(c.is_frustration) as frustration_count,
        sum(c.is_happy) as happy_count,
        max(c.story_intent) as story_intent
    from classified as c
    group by c.sender_id, c.session_nr, c.interaction_nr
)

select
    a.*,
    lag(a.interaction_id) over (partition by a.sender_id, a.session_nr order by a.interaction_nr) as previous_interaction_fk,
    lead(a.interaction_id) over (partition by a.sender_id, a.session_nr order by a.interaction_nr) as next_interaction_fk
from aggregated as a
