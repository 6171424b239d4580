{#-
  Peak traffic and concurrency per hour: for every hour from the first session to the last, the sessions that
  started in it and the sessions active at any moment of it (started before the hour ended and ended at or after
  its start). The hours come from dim_date × 0..23, so nothing but the date spine is assumed.
  Compiled by `chatsem compile`, never run.
-#}
with bounds as (
    select min(s.date_sk) as first_date_sk, max({{ date_sk('s.ended_at') }}) as last_date_sk
    from {{ ref('fact_sessions') }} as s
),

hours_of_day as (
    {%- for hour in range(24) %}
    select {{ hour }} as hour_of_day{% if not loop.last %} union all{% endif %}
    {%- endfor %}
),

hours as (
    select
        d.date_sk,
        h.hour_of_day,
        cast(d.date_day as timestamp) + h.hour_of_day * interval '1 hour' as hour_start,
        cast(d.date_day as timestamp) + (h.hour_of_day + 1) * interval '1 hour' as hour_end
    from {{ ref('dim_date') }} as d
    cross join hours_of_day as h
    inner join bounds as b
        on d.date_sk between b.first_date_sk and b.last_date_sk
)

select
    h.date_sk,
    h.hour_of_day,
    h.hour_start,
    sum(case when s.started_at >= h.hour_start and s.started_at < h.hour_end then 1 else 0 end) as sessions_started,
    count(s.session_id) as sessions_active
from hours as h
left join {{ ref('fact_sessions') }} as s
    on s.started_at < h.hour_end
    and s.ended_at >= h.hour_start
group by h.date_sk, h.hour_of_day, h.hour_start
order by h.hour_start
