-- Row-count reconciliation for the processed loads (status 1 in _loads): per event type, event_sequence holds as many
-- events as the raw `event` table, and as many as the typed raw table (event_user, event_bot, …) where one exists.
-- Returns the event types whose counts differ.
-- The raw tables are named with api.Relation.create rather than source(): a source() parent would make
-- `chatsem test source:*` (the check users run *before* the first run) select this test, which needs event_sequence.
{%- set raw_schema = var('source_schema_prefix') ~ '_event' %}
{%- set typed_tables = ['user', 'bot', 'action', 'slot', 'active_loop', 'session_started'] %}
with processed_loads as (
    select distinct load_id from {{ api.Relation.create(schema=raw_schema, identifier='_loads') }} where status = 1
),

raw_counts as (
    select cast(e.event as varchar) as event_type, count(*) as raw_events
    from {{ api.Relation.create(schema=raw_schema, identifier='event') }} as e
    where e._load_id in (select load_id from processed_loads)
    group by e.event
),

typed_counts as (
    select cast(null as varchar) as event_type, 0 as typed_events where 1 = 0
    {%- for event_type in typed_tables %}
    {%- set relation = api.Relation.create(schema=raw_schema, identifier='event_' ~ event_type) %}
    {%- if column_names(relation) | length > 0 %}
    union all
    select {{ literal(event_type) }}, count(*)
    from {{ relation }} as t
    where t._load_id in (select load_id from processed_loads)
    {%- endif %}
    {%- endfor %}
),

sequence_counts as (
    select s.event_type, count(*) as sequence_events
    from {{ ref('event_sequence') }} as s
    where s._load_id in (select load_id from processed_loads)
    group by s.event_type
)

select
    coalesce(r.event_type, s.event_type, t.event_type) as event_type,
    coalesce(r.raw_events, 0) as raw_events,
    t.typed_events,
    coalesce(s.sequence_events, 0) as sequence_events
from raw_counts as r
full outer join sequence_counts as s on s.event_type = r.event_type
full outer join typed_counts as t on t.event_type = coalesce(r.event_type, s.event_type)
where coalesce(r.raw_events, 0) <> coalesce(s.sequence_events, 0)
   or (t.event_type is not null and t.typed_events <> coalesce(s.sequence_events, 0))
