{#-
  The success metrics, quality of experience and satisfaction of a group of sessions, shared by kpi_daily,
  kpi_daily_channel and kpi_executive so that a metric means the same at every grain. The caller defines two CTEs
  carrying the group columns: `kpi_sessions` (fact_sessions rows) and `kpi_responses` (the first-response rows of
  fact_messages of those sessions); this renders the remaining CTEs and the final select. A caller that computes
  the latency metrics itself (kpi_executive, for its nested periods) passes responses_given=false and defines
  `kpi_latency` instead: the group columns, responses_count and avg_response_ms as computed here.

  Ratios are recomputed from the group's counts (never averages of the sessions' ratios); the response-time cap
  is the var latency_cap_percentile of the group's own response times; the day's QoE uses the group's average
  response time, fallback rate, resolution rate (completed / sessions with a user message) and mean sentiment.
  NPS = 100 × (promoters − detractors) / responses; CSAT = 100 × scores 4–5 / responses.
-#}
{% macro kpi_rollup(group_columns, responses_given=true) -%}
{%- set cap = marts_number_var('latency_cap_percentile', 0, 1) -%}
{%- set keys = group_columns | join(', ') -%}
{%- if responses_given %}
kpi_caps as (
    select {{ keys }}, {{ percentile_cont(cap, 'response_latency_ms') }} as cap_ms
    from kpi_responses
    group by {{ keys }}
),

kpi_latency as (
    select
        {% for column in group_columns %}r.{{ column }}, {% endfor %}
        count(*) as responses_count,
        avg(least(r.response_latency_ms, c.cap_ms)) as avg_response_ms
    from kpi_responses as r
    inner join kpi_caps as c
        on {% for column in group_columns %}{% if not loop.first %} and {% endif %}c.{{ column }} = r.{{ column }}{% endfor %}
    group by {% for column in group_columns %}{% if not loop.first %}, {% endif %}r.{{ column }}{% endfor %}
),
{%- endif %}

kpi_counts as (
    select
        {{ keys }},
        count(*) as sessions_count,
        count(distinct user_id) as users_count,
        sum(case when status = 'completed' then 1 else 0 end) as completed_sessions_count,
        sum(case when status = 'abandoned' then 1 else 0 end) as abandoned_sessions_count,
        sum(case when status = 'escalated' then 1 else 0 end) as escalated_sessions_count,
        sum(case when status = 'bounced' then 1 else 0 end) as bounced_sessions_count,
        sum(case when is_completion_eligible then 1 else 0 end) as completion_eligible_count,
        sum(case when is_completion_eligible and is_completed then 1 else 0 end) as completion_eligible_completed_count,
        sum(case when is_short then 1 else 0 end) as short_sessions_count,
        sum(case when is_contained then 1 else 0 end) as contained_sessions_count,
        sum(user_messages_count) as user_messages_count,
        sum(bot_messages_count) as bot_messages_count,
        sum(fallback_messages_count) as fallback_messages_count,
        sum(frustration_messages_count) as frustration_messages_count,
        sum(sentiment_messages_count) as sentiment_messages_count,
        sum(case when sentiment_messages_count > 0 then avg_sentiment * sentiment_messages_count else 0 end) as sentiment_total,
        avg(duration_seconds) as avg_duration_seconds,
        sum(case when nps_score is not null then 1 else 0 end) as nps_responses_count,
        sum(case when nps_category = 'promoter' then 1 else 0 end) as promoters_count,
        sum(case when nps_category = 'passive' then 1 else 0 end) as passives_count,
        sum(case when nps_category = 'detractor' then 1 else 0 end) as detractors_count,
        sum(case when csat_score is not null then 1 else 0 end) as csat_responses_count,
        sum(case when csat_score >= 4 then 1 else 0 end) as csat_satisfied_count,
        avg(csat_score) as avg_csat_score
    from kpi_sessions
    group by {{ keys }}
),

kpi_rates as (
    select
        c.*,
        coalesce(l.responses_count, 0) as responses_count,
        l.avg_response_ms,
        {{ safe_ratio('c.completion_eligible_completed_count', 'c.completion_eligible_count') }} as completion_rate,
        {{ safe_ratio('c.short_sessions_count', 'c.sessions_count') }} as short_session_rate,
        {{ safe_ratio('c.contained_sessions_count', 'c.sessions_count') }} as containment_rate,
        {{ safe_ratio('c.fallback_messages_count', 'c.user_messages_count') }} as fallback_rate,
        {{ safe_ratio('c.frustration_messages_count', 'c.user_messages_count') }} as frustration_rate,
        {{ safe_ratio('c.completed_sessions_count', 'c.sessions_count - c.bounced_sessions_count') }} as resolution_rate,
        {{ safe_ratio('c.sentiment_total', 'c.sentiment_messages_count') }} as avg_sentiment,
        100 * {{ safe_ratio('c.promoters_count - c.detractors_count', 'c.nps_responses_count') }} as nps,
        100 * {{ safe_ratio('c.csat_satisfied_count', 'c.csat_responses_count') }} as csat
    from kpi_counts as c
    left join kpi_latency as l
        on {% for column in group_columns %}{% if not loop.first %} and {% endif %}l.{{ column }} = c.{{ column }}{% endfor %}
),

kpi_scores as (
    select
        r.*,
        {{ latency_score('r.avg_response_ms') }} as latency_score,
        1 - r.fallback_rate as error_score,
        r.resolution_rate as resolution_score,
        (r.avg_sentiment + 1) / 2 as sentiment_score
    from kpi_rates as r
)

select
    {% for column in group_columns %}s.{{ column }},
    {% endfor -%}
    s.sessions_count,
    s.users_count,
    s.completed_sessions_count,
    s.abandoned_sessions_count,
    s.escalated_sessions_count,
    s.bounced_sessions_count,
    s.completion_eligible_count,
    s.completion_rate,
    s.short_sessions_count,
    s.short_session_rate,
    s.contained_sessions_count,
    s.containment_rate,
    s.user_messages_count,
    s.bot_messages_count,
    s.fallback_messages_count,
    s.fallback_rate,
    s.frustration_messages_count,
    s.frustration_rate,
    s.avg_duration_seconds,
    s.responses_count,
    s.avg_response_ms,
    s.resolution_rate,
    s.sentiment_messages_count,
    s.avg_sentiment,
    s.latency_score,
    s.error_score,
    s.resolution_score,
    s.sentiment_score,
    {{ qoe_score('s.latency_score', 's.error_score', 's.resolution_score', 's.sentiment_score') }} as qoe_score,
    s.nps_responses_count,
    s.promoters_count,
    s.passives_count,
    s.detractors_count,
    s.nps,
    s.csat_responses_count,
    s.csat_satisfied_count,
    s.csat,
    s.avg_csat_score
from kpi_scores as s
{%- endmacro %}
