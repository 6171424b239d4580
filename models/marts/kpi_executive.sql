{{ config(materialized='table', tags=['kpi']) }}
{#-
  Grain: one row per period ending on the reference day — 'today', 'month_to_date' and 'fiscal_year_to_date'
  (the financial year starts on the first of var fiscal_year_start_month) — with the metrics of kpi_daily over all
  sessions started in the period (recomputed from the sessions, so the capped response time and the ratios are
  those of the whole period, not averages of days). The reference day is var kpi_reference_date, else the latest
  session day in the data, which keeps results deterministic. A period without sessions has no row.
  A table rebuilt on every run: three rows, read from the facts of at most one financial year.
-#}
{%- set reference_sk = kpi_reference_date_sk() -%}
{%- set fiscal_start = marts_number_var('fiscal_year_start_month', 1, 12, integer=true) -%}
{%- set cap = marts_number_var('latency_cap_percentile', 0, 1) -%}
with reference as (
    select
        {%- if reference_sk is none %}
        max(s.date_sk) as reference_date_sk
    from {{ ref('fact_sessions') }} as s
        {%- else %}
        cast({{ reference_sk }} as integer) as reference_date_sk
        {%- endif %}
),

periods as (
    select 'today' as period, r.reference_date_sk as period_start_date_sk, r.reference_date_sk as period_end_date_sk
    from reference as r
    union all
    select 'month_to_date', (r.reference_date_sk / 100) * 100 + 1, r.reference_date_sk
    from reference as r
    union all
    select
        'fiscal_year_to_date',
        (r.reference_date_sk / 10000 - case when mod(r.reference_date_sk / 100, 100) < {{ fiscal_start }} then 1 else 0 end) * 10000
            + {{ fiscal_start * 100 + 1 }},
        r.reference_date_sk
    from reference as r
),

kpi_sessions as (
    select p.period, p.period_start_date_sk, p.period_end_date_sk, s.*
    from {{ ref('fact_sessions') }} as s
    inner join periods as p
        on s.date_sk between p.period_start_date_sk and p.period_end_date_sk
),

-- The latency metrics of kpi_rollup — each period's first responses capped at the period's own percentile, then
-- averaged — computed in one pass over the financial year's responses with one column per period, instead of one
-- copy of every response per period that contains it. The periods are nested (today within the month, the month
-- within the financial year), so a response of the year belongs to the month and to today from their first days on.
session_responses as (
    select s.date_sk, m.response_latency_ms
    from {{ ref('fact_sessions') }} as s
    inner join (
        -- offset 0: read the first responses once; joined directly, PostgreSQL may probe the sender index once
        -- per session (25,000 probes) instead of hashing the sessions
        select f.sender_id, f.session_id, f.response_latency_ms
        from {{ ref('fact_messages') }} as f
        where f.is_first_response
        offset 0
    ) as m
        on m.sender_id = s.sender_id
        and m.session_id = s.session_id
),

period_bounds as (
    select
        max(case when p.period = 'today' then p.period_start_date_sk end) as today_start_date_sk,
        max(case when p.period = 'month_to_date' then p.period_start_date_sk end) as month_start_date_sk,
        max(case when p.period = 'fiscal_year_to_date' then p.period_start_date_sk end) as year_start_date_sk,
        max(p.period_end_date_sk) as end_date_sk
    from periods as p
),

period_responses as (
    select
        case when r.date_sk >= b.today_start_date_sk then r.response_latency_ms end as today_ms,
        case when r.date_sk >= b.month_start_date_sk then r.response_latency_ms end as month_ms,
        r.response_latency_ms as year_ms
    from session_responses as r
    cross join period_bounds as b
    where r.date_sk between b.year_start_date_sk and b.end_date_sk
),

period_caps as (
    select
        {{ percentile_cont(cap, 'today_ms') }} as today_cap_ms,
        {{ percentile_cont(cap, 'month_ms') }} as month_cap_ms,
        {{ percentile_cont(cap, 'year_ms') }} as year_cap_ms
    from period_responses
),

period_latency as (
    select
        count(r.today_ms) as today_count,
        count(r.month_ms) as month_count,
        count(r.year_ms) as year_count,
        avg(case when r.today_ms is not null then least(r.today_ms, c.today_cap_ms) end) as today_avg_ms,
        avg(case when r.month_ms is not null then least(r.month_ms, c.month_cap_ms) end) as month_avg_ms,
        avg(case when r.year_ms is not null then least(r.year_ms, c.year_cap_ms) end) as year_avg_ms
    from period_responses as r
    cross join period_caps as c
),

kpi_latency as (
    select
        p.period,
        p.period_start_date_sk,
        p.period_end_date_sk,
        case p.period when 'today' then l.today_count when 'month_to_date' then l.month_count else l.year_count end as responses_count,
        case p.period when 'today' then l.today_avg_ms when 'month_to_date' then l.month_avg_ms else l.year_avg_ms end as avg_response_ms
    from periods as p
    cross join period_latency as l
),

{{ kpi_rollup(['period', 'period_start_date_sk', 'period_end_date_sk'], responses_given=false) }}
