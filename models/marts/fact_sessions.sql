{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope'), tags=['star', 'snowflake']) }}
-- depends_on: {{ ref('marts_previous_sessions') }}
{#
  Grain: one row per session (views.sessions), keyed by session_id, with its dimensions and success metrics.
  The depends_on hint makes this table wait for marts_previous_sessions, which reads the sessions as they were before
  this run. Definitions (also in fact_sessions.yml):
  - status: 'bounced' (no user message), else 'escalated' (a handoff action ran), else 'completed' (the user sent a
    completion intent: seed happy_intents + var completion_intents), else 'abandoned'.
  - channel: input channel of the session's first user message that has one ('unknown' when none); intent: the
    session's first story intent, else the intent of its first user message; language/country/device/age: the
    last value the session's user messages carried (the user's state at the end of the session).
  - fallback / frustration messages: user messages (interactions ≥ 1) with an NLU or default fallback / with a
    frustration intent; the rates divide them by the user messages.
  - avg_response_ms: mean time from a user message to the first bot message after it, each value capped at the
    var latency_cap_percentile of the session's own response times (the cap of a group is always computed inside
    that group, so a session never changes because another one arrived — the per-sender replace stays exact).
  - quality of experience: latency score 1 − min(1, avg_response_ms / var latency_sla_ms), error score
    1 − fallback_rate, resolution score 1 when completed (0 otherwise, null when bounced), sentiment score
    (avg sentiment + 1) / 2; qoe_score is their mean weighted by var qoe_weights over the components present.
  - nps_score / csat_score: the last numeric value of the slots named by vars satisfaction_nps_slot /
    satisfaction_csat_slot in the session (NPS 0–10: promoter 9–10, passive 7–8, detractor 0–6; CSAT 1–5).
  The averages add their values in message order, so a session recomputed by a later run gets the very same
  floating-point values (marts_affected_dates compares them).
  Incremental: every row of the sessions in session_scope is replaced, computed from the run's staging tables
  (stg_sessions, stg_messages, …), which hold exactly the recomputed sessions. Every metric is per session; user_type
  comes from stg_sessions, which ranks a session-scoped sender's sessions from its from_session_nr on.
-#}
{%- set cap = marts_number_var('latency_cap_percentile', 0, 1) -%}
with sessions as (
    select s.*
    from {{ ref('stg_sessions') }} as s
),

user_messages as (
    select
        e.sender_id,
        e.session_nr,
        e.event_nr,
        e._record_hash as user_message_record_hash,
        e.value as intent_name,
        e.input_channel
    from {{ ref('stg_event_sequence') }} as e
    where e.event_type = 'user'
),

user_message_values as (
    -- Where the session's first channel and first intent and its latest user attributes are: located per session
    -- with plain min/max, then picked in user_summary, without sorting the messages once per attribute.
    select
        m.sender_id,
        m.session_nr,
        m.event_nr,
        m.input_channel,
        m.intent_name,
        a.language,
        a.country,
        a.device,
        a.age,
        min(case when m.input_channel is not null then m.event_nr end) over (
            partition by m.sender_id, m.session_nr
        ) as channel_event_nr,
        min(m.event_nr) over (partition by m.sender_id, m.session_nr) as first_event_nr,
        max(case when a.language is not null then m.event_nr end) over (
            partition by m.sender_id, m.session_nr
        ) as language_event_nr,
        max(case when a.country is not null then m.event_nr end) over (
            partition by m.sender_id, m.session_nr
        ) as country_event_nr,
        max(case when a.device is not null then m.event_nr end) over (
            partition by m.sender_id, m.session_nr
        ) as device_event_nr,
        max(case when a.age is not null then m.event_nr end) over (
            partition by m.sender_id, m.session_nr
        ) as age_event_nr,
        case when {{ is_completion_intent('m.intent_name') }} then 1 else 0 end as is_completion_message
    from user_messages as m
    left join {{ ref('stg_message_attributes') }} as a
        on a.sender_id = m.sender_id
        and a.user_message_record_hash = m.user_message_record_hash
),

user_summary as (
    select
        v.sender_id,
        v.session_nr,
        max(case when v.event_nr = v.channel_event_nr then v.input_channel end) as channel,
        max(case when v.event_nr = v.first_event_nr then v.intent_name end) as first_intent,
        max(case when v.event_nr = v.language_event_nr then v.language end) as language,
        max(case when v.event_nr = v.country_event_nr then v.country end) as country,
        max(case when v.event_nr = v.device_event_nr then v.device end) as device,
        max(case when v.event_nr = v.age_event_nr then v.age end) as age,
        max(v.is_completion_message) as has_completion_message
    from user_message_values as v
    group by v.sender_id, v.session_nr
),

interaction_summary as (
    select
        i.sender_id,
        i.session_nr,
        sum(case when i.nlu_fallback_count + i.default_fallback_count > 0 then 1 else 0 end) as fallback_messages_count,
        sum(case when i.frustration_count > 0 then 1 else 0 end) as frustration_messages_count
    from {{ ref('stg_interactions') }} as i
    where i.interaction_nr >= 1
    group by i.sender_id, i.session_nr
),

responses as (
    select m.sender_id, m.session_id, m.event_nr, m.response_latency_ms
    from {{ ref('stg_messages') }} as m
    where m.is_first_response
),

response_caps as (
    select r.sender_id, r.session_id, {{ percentile_cont(cap, 'r.response_latency_ms') }} as cap_ms
    from responses as r
    group by r.sender_id, r.session_id
),

response_summary as (
    select
        r.sender_id,
        r.session_id,
        count(*) as responses_count,
        {{ ordered_avg('least(r.response_latency_ms, c.cap_ms)', 'r.event_nr') }} as avg_response_ms
    from responses as r
    inner join response_caps as c
        on c.sender_id = r.sender_id
        and c.session_id = r.session_id
    group by r.sender_id, r.session_id
),

sentiment_summary as (
    select
        m.sender_id,
        m.session_id,
        count(*) as sentiment_messages_count,
        {{ ordered_avg('m.sentiment', 'm.event_nr') }} as avg_sentiment
    from {{ ref('stg_messages') }} as m
    where m.sender_type = 'user'
      and m.sentiment is not null
    group by m.sender_id, m.session_id
),

feedback as (
    select
        f.sender_id,
        f.session_nr,
        f.slot_name,
        case when {{ is_number_text('f.slot_value') }} then cast(f.slot_value as double precision) end as score,
        row_number() over (partition by f.sender_id, f.session_nr, f.slot_name order by f.event_nr desc) as latest_first
    from {{ ref('stg_slots') }} as f
    where f.slot_event_type = 'fill'
      and f.slot_name in ({{ literal([var('satisfaction_nps_slot'), var('satisfaction_csat_slot')]) }})
      and f.slot_value is not null
      and {{ is_number_text('f.slot_value') }}
),

feedback_summary as (
    select
        f.sender_id,
        f.session_nr,
        max(case when f.slot_name = {{ literal(var('satisfaction_nps_slot')) }} and f.score <= 10 then f.score end) as nps_score,
        max(case when f.slot_name = {{ literal(var('satisfaction_csat_slot')) }} and f.score >= 1 and f.score <= 5 then f.score end) as csat_score
    from feedback as f
    where f.latest_first = 1
    group by f.sender_id, f.session_nr
),

measured as (
    select
        s.sender_id,
        s.session_id,
        s.session_nr,
        s.user_id,
        s.external_session_id,
        {{ date_sk('s.initiation_timestamp') }} as date_sk,
        s.initiation_timestamp as started_at,
        s.start_timestamp as first_message_at,
        s.end_timestamp as ended_at,
        s.duration_seconds,
        coalesce(u.channel, 'unknown') as channel,
        coalesce(s.first_story_intent, u.first_intent) as intent_name,
        case
            when s.is_bounced then 'bounced'
            when s.is_handover then 'escalated'
            when coalesce(u.has_completion_message, 0) = 1 then 'completed'
            else 'abandoned'
        end as status,
        s.user_type,
        u.language,
        u.country,
        u.device,
        u.age,
        s.interactions_count as user_messages_count,
        s.bot_messages_count,
        s.interactions_count + s.bot_messages_count as messages_count,
        coalesce(i.fallback_messages_count, 0) as fallback_messages_count,
        coalesce(i.frustration_messages_count, 0) as frustration_messages_count,
        s.handoff_count,
        coalesce(r.responses_count, 0) as responses_count,
        r.avg_response_ms,
        coalesce(t.sentiment_messages_count, 0) as sentiment_messages_count,
        t.avg_sentiment,
        f.nps_score,
        f.csat_score,
        s.model_id
    from sessions as s
    left join user_summary as u
        on u.sender_id = s.sender_id
        and u.session_nr = s.session_nr
    left join interaction_summary as i
        on i.sender_id = s.sender_id
        and i.session_nr = s.session_nr
    left join response_summary as r
        on r.sender_id = s.sender_id
        and r.session_id = s.session_id
    left join sentiment_summary as t
        on t.sender_id = s.sender_id
        and t.session_id = s.session_id
    left join feedback_summary as f
        on f.sender_id = s.sender_id
        and f.session_nr = s.session_nr
),

scored as (
    select
        m.*,
        m.status = 'completed' as is_completed,
        m.duration_seconds >= 10 as is_completion_eligible,
        m.messages_count < 3 or m.duration_seconds < 60 as is_short,
        m.status <> 'escalated' as is_contained,
        {{ safe_ratio('m.fallback_messages_count', 'm.user_messages_count') }} as fallback_rate,
        {{ safe_ratio('m.frustration_messages_count', 'm.user_messages_count') }} as frustration_rate,
        {{ latency_score('m.avg_response_ms') }} as latency_score,
        1 - {{ safe_ratio('m.fallback_messages_count', 'm.user_messages_count') }} as error_score,
        case
            when m.status = 'bounced' then null
            when m.status = 'completed' then 1.0
            else 0.0
        end as resolution_score,
        (m.avg_sentiment + 1) / 2 as sentiment_score
    from measured as m
)

select
    s.sender_id,
    s.session_id,
    s.session_nr,
    s.user_id,
    s.external_session_id,
    s.date_sk,
    s.started_at,
    s.first_message_at,
    s.ended_at,
    s.duration_seconds,
    s.channel,
    {{ surrogate_key('s.channel') }} as channel_key,
    s.intent_name,
    case when s.intent_name is not null then {{ surrogate_key('s.intent_name') }} end as intent_key,
    coalesce({{ intent_category('s.intent_name') }}, 'none') as intent_category,
    s.status,
    s.user_type,
    s.language,
    s.country,
    s.device,
    cast(s.age as integer) as age,
    s.user_messages_count,
    s.bot_messages_count,
    s.messages_count,
    s.fallback_messages_count,
    s.frustration_messages_count,
    s.handoff_count,
    s.is_completed,
    s.is_completion_eligible,
    s.is_short,
    s.is_contained,
    s.fallback_rate,
    s.frustration_rate,
    s.responses_count,
    s.avg_response_ms,
    s.sentiment_messages_count,
    s.avg_sentiment,
    s.nps_score,
    case
        when s.nps_score >= 9 then 'promoter'
        when s.nps_score >= 7 then 'passive'
        when s.nps_score >= 0 then 'detractor'
    end as nps_category,
    s.csat_score,
    s.latency_score,
    s.error_score,
    s.resolution_score,
    s.sentiment_score,
    {{ qoe_score('s.latency_score', 's.error_score', 's.resolution_score', 's.sentiment_score') }} as qoe_score,
    s.model_id
from scored as s
