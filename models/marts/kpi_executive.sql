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

-- The first responses are matched with their session's day once, then with the periods that contain that day.
session_responses as (
    select s.date_sk, m.response_latency_ms
    from {{ ref('fact_messages') }} as m
    inner join {{ ref('fact_sessions') }} as s
        on s.sender_id = m.sender_id
        and s.session_id = m.session_id
    where m.is_first_response
),

kpi_responses as (
    select p.period, p.period_start_date_sk, p.period_end_date_sk, r.response_latency_ms
    from session_responses as r
    inner join periods as p
        on r.date_sk between p.period_start_date_sk and p.period_end_date_sk
),

{{ kpi_rollup(['period', 'period_start_date_sk', 'period_end_date_sk']) }}
