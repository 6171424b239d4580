{{ config(materialized='incremental', incremental_strategy='replace', partition_key='date_sk', partition_scope=ref('marts_affected_dates'), tags=['kpi']) }}
{#-
  Grain: one row per day (of the session start), status and intent category (the mv_sessions_daily of the
  original dashboards): how many sessions and users, their messages and mean duration.
  Incremental: the affected days (marts_affected_dates) are recomputed from all their sessions and replaced.
-#}
select
    s.date_sk,
    s.status,
    s.intent_category,
    count(*) as sessions_count,
    count(distinct s.user_id) as users_count,
    sum(s.user_messages_count) as user_messages_count,
    sum(s.bot_messages_count) as bot_messages_count,
    avg(s.duration_seconds) as avg_duration_seconds
from {{ ref('fact_sessions') }} as s
{%- if is_incremental() %}
where s.date_sk in (select date_sk from {{ ref('marts_affected_dates') }})
{%- endif %}
group by s.date_sk, s.status, s.intent_category
