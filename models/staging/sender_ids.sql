{#-
  Grain: one row per affected sender (conversation). Everything downstream recomputes the full history of these
  senders and replaces all their rows in the semantic tables.

  Affected = the senders with events in the loads of this run, widened to every other sender of the same users:
  whether a session is a user's first ("new") depends on all of the user's conversations, so they are recomputed
  together. The users are looked up by every identity value the senders carried and by the user each sender had
  in the semantic schema before this run (a sender whose user changes leaves its old user behind).
  With the default user_id var (= sender_id) every sender is its own user and nothing is widened.
-#}
{%- set user_column = identity_column_name('user_id') -%}
{%- set event_user = source('event', 'event_user') -%}
{%- set event_session_started = source('event', 'event_session_started') -%}
{%- set user_columns = column_names(event_user) -%}
{%- set session_started_columns = column_names(event_session_started) -%}
{%- set previous_conversations = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_views', identifier='conversations') if execute else none -%}
{%- set pending = pending_load_ids() %}
with direct_senders as (
    -- The load ids as literals (as in load_ids): the planner then sees how few rows a new load has and reads them
    -- through the load index instead of scanning every event.
    select distinct cast(e.sender_id as varchar) as sender_id
    from {{ source('event', 'event') }} as e
    {%- if pending | length > 0 %}
    where e._load_id in ({{ literal(pending) }})
    {%- else %}
    where 1 = 0
    {%- endif %}
)
{%- if user_column == 'sender_id' %}
select sender_id
from direct_senders
{%- else %},
identity_values as (
    select sender_id, cast(null as varchar) as user_id
    from direct_senders
    where 1 = 0
    {%- if user_column in user_columns %}
    union all
    select cast(u.sender_id as varchar), cast(u.{{ adapter.quote(user_column) }} as varchar)
    from {{ event_user }} as u
    where u.{{ adapter.quote(user_column) }} is not null
    {%- endif %}
    {%- if user_column in session_started_columns %}
    union all
    select cast(s.sender_id as varchar), cast(s.{{ adapter.quote(user_column) }} as varchar)
    from {{ event_session_started }} as s
    where s.{{ adapter.quote(user_column) }} is not null
    {%- endif %}
),
affected_users as (
    select sender_id as user_id from direct_senders
    union
    select v.user_id from identity_values as v
    where v.sender_id in (select sender_id from direct_senders)
    {%- if previous_conversations is not none %}
    union
    select c.user_id from {{ previous_conversations }} as c
    where c.conversation_id in (select sender_id from direct_senders)
    {%- endif %}
)
select sender_id from direct_senders
union
select v.sender_id from identity_values as v
where v.user_id in (select user_id from affected_users)
{%- if previous_conversations is not none %}
union
select c.conversation_id from {{ previous_conversations }} as c
where c.user_id in (select user_id from affected_users)
{%- endif %}
{%- endif %}
