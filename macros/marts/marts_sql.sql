{#-
  SQL building blocks of the marts. The PostgreSQL-only constructs (ordered-set percentile, regex match, md5) live
  here so that another dialect can replace one macro instead of editing every model (semantic-schema.md §9).
-#}

{#- Day of a timestamp as a YYYYMMDD integer, the key of dim_date. -#}
{% macro date_sk(timestamp_expression) -%}
  cast(extract(year from {{ timestamp_expression }}) * 10000 + extract(month from {{ timestamp_expression }}) * 100
    + extract(day from {{ timestamp_expression }}) as integer)
{%- endmacro %}

{#- Continuous percentile (linear interpolation) as an aggregate: Redshift and Citus accept the same form. -#}
{% macro percentile_cont(fraction, expression) -%}
  percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{#- True when a text value is a plain non-negative number (slot values are text; '7', '7.0'). -#}
{% macro is_number_text(expression) -%}
  ({{ expression }} ~ '^[[:space:]]*[0-9]+(\.[0-9]+)?[[:space:]]*$')
{%- endmacro %}

{#-
  avg() that adds its values in the given order: a floating-point sum depends on the order of its terms, and the order
  in which rows reach an aggregate depends on the plan. PostgreSQL's ordered aggregate; a dialect without it can
  average exact decimals instead.
-#}
{% macro ordered_avg(expression, order_by) -%}
  avg({{ expression }} order by {{ order_by }})
{%- endmacro %}

{#- A stable text key for a natural value (null counts as ''), dbt_utils.generate_surrogate_key style. -#}
{% macro surrogate_key(expression) -%}
  md5(coalesce(cast({{ expression }} as varchar), ''))
{%- endmacro %}

{#- Share of two counts, null when there is nothing to divide by. -#}
{% macro safe_ratio(numerator, denominator) -%}
  (cast({{ numerator }} as double precision) / nullif({{ denominator }}, 0))
{%- endmacro %}

{#-
  Latency score of the quality of experience: 1 − min(1, average response time / SLA); null without responses
  (least() ignores nulls, so the null case must be explicit).
-#}
{% macro latency_score(avg_response_ms) -%}
  (case when {{ avg_response_ms }} is not null
    then 1 - least(1.0, cast({{ avg_response_ms }} as double precision) / {{ marts_number_var('latency_sla_ms', 1, 86400000) }})
  end)
{%- endmacro %}

{#-
  Quality-of-experience score: the weighted mean of the component scores (each in 0..1) a session or day has; a
  missing component (no bot reply, no sentiment column) drops out and the other weights are renormalised.
-#}
{% macro qoe_score(latency, errors, resolution, sentiment) -%}
  {%- set w = qoe_weights() -%}
  {%- set parts = [[latency, w[0]], [errors, w[1]], [resolution, w[2]], [sentiment, w[3]]] -%}
  (({% for expression, weight in parts %}{% if not loop.first %} + {% endif %}case when {{ expression }} is null then 0 else {{ weight }} * {{ expression }} end{% endfor %})
    / nullif({% for expression, weight in parts %}{% if not loop.first %} + {% endif %}case when {{ expression }} is null then 0 else {{ weight }} end{% endfor %}, 0))
{%- endmacro %}

{#-
  What the daily marts read of each session of the affected senders: one row per session with a fingerprint of its
  whole fact_sessions row (any column, present or future) and of its first-response times in message order.
  Two equal fingerprints mean the session contributes the same to every daily mart. The whole-row text is
  PostgreSQL's record output, hence here.
-#}
{% macro session_fingerprints(sessions_relation, messages_relation) -%}
select
    s.sender_id,
    s.session_id,
    s.date_sk,
    md5(cast(s as text) || '|' || coalesce(r.first_response_latencies, '')) as fingerprint
from {{ sessions_relation }} as s
left join (
    select
        m.sender_id,
        m.session_id,
        {{ listagg('cast(m.response_latency_ms as varchar)', "','", 'order by m.event_nr') }} as first_response_latencies
    from {{ messages_relation }} as m
    where {{ session_filter('m.session_id', ref('session_scope')) }}
      and m.is_first_response
    group by m.sender_id, m.session_id
) as r
    on r.sender_id = s.sender_id
    and r.session_id = s.session_id
where {{ session_filter('s.session_id', ref('session_scope')) }}
{%- endmacro %}
