{#-
  The most frequent values of a fact_sessions column over all sessions: sessions and distinct users per value,
  the value's share of the sessions that have one, ranked by sessions (ties by value) and cut at var kpi_top_n.
-#}
{% macro kpi_top_values(column_name) -%}
{%- set top_n = marts_number_var('kpi_top_n', 1, 1000000, integer=true) -%}
with counted as (
    select
        s.{{ column_name }},
        count(*) as sessions_count,
        count(distinct s.user_id) as users_count
    from {{ ref('fact_sessions') }} as s
    where s.{{ column_name }} is not null
    group by s.{{ column_name }}
),

ranked as (
    select
        c.*,
        {{ safe_ratio('c.sessions_count', 'sum(c.sessions_count) over ()') }} as share_of_sessions,
        row_number() over (order by c.sessions_count desc, c.{{ column_name }}) as popularity_rank
    from counted as c
)

select *
from ranked
where popularity_rank <= {{ top_n }}
{%- endmacro %}
