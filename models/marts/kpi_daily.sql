{{ config(materialized='incremental', incremental_strategy='replace', partition_key='date_sk', partition_scope=ref('marts_affected_dates'), tags=['kpi']) }}
{#-
  Grain: one row per day (of the session start), all channels together: the success metrics, the day's
  quality-of-experience score and NPS / CSAT (definitions: macros/marts/kpi_rollup.sql, kpi_daily.yml).
  Incremental: the affected days (marts_affected_dates) are recomputed from all their sessions and replaced.
-#}
with kpi_sessions as (
    select s.*
    from {{ ref('fact_sessions') }} as s
    {%- if is_incremental() %}
    where s.date_sk in (select date_sk from {{ ref('marts_affected_dates') }})
    {%- endif %}
),

kpi_responses as (
    select s.date_sk, m.response_latency_ms
    from {{ ref('fact_messages') }} as m
    inner join kpi_sessions as s
        on s.sender_id = m.sender_id
        and s.session_id = m.session_id
    where m.is_first_response
    {%- if is_incremental() %}
      and {{ session_filter('m.session_id', 'kpi_sessions') }}
    {%- endif %}
),

{{ kpi_rollup(['date_sk']) }}
