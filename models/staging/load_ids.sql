{#-
  Grain: one row per load this run processes.
  The engine hands over the pending load ids (status 0 and not yet 1 in _loads; every load at --full-refresh).
  They are rendered as quoted literals by the engine, never pasted; an empty list renders an empty table.
-#}
{%- set pending = pending_load_ids() -%}
{%- if pending | length > 0 %}
select distinct cast(load_id as varchar) as load_id
from {{ source('event', '_loads') }}
where load_id in ({{ literal(pending) }})
{%- else %}
select cast(null as varchar) as load_id
where 1 = 0
{%- endif %}
