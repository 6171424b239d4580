{{ config(meta={'analyze_columns': ['sender_id', 'session_id']}) }}
-- depends_on: {{ ref('load_attempts') }}, {{ ref('sender_scope') }}
{#
  Grain: one row per session whose rows this run replaces in the session-scoped tables (their partition_scope):
  every session recomputed in stg_event_sequence, and every session the affected senders had before this run from
  their from_session_nr on (sender_scope) — sessions can disappear or merge, and their old rows must go too.
  The previous sessions are read from views.sessions, which lists every session of the other tables after a run
  that finished. When an earlier run may have stopped halfway (sender_scope.after_unfinished_run), the tables may
  disagree, so the sessions of the affected senders are then read from each of them.
  The depends_on hint makes every replaced table wait for load_attempts (see there).
-#}
{%- set views = source_schema_prefix() ~ '_views' -%}
{%- set previous_sessions = adapter.get_relation(database=none, schema=views, identifier='sessions') if execute and not should_full_refresh() else none -%}
{%- set tables = [] -%}
{#- read when this node runs, after sender_scope: rendered as SQL, the unused branches would still start scans -#}
{%- if after_unfinished_run() -%}
  {%- for name in ['views.event_sequence', 'views.user_messages', 'views.bot_messages', 'views.story_actions',
      'views.slot_events', 'views.interactions', 'marts.fact_messages', 'marts.fact_sessions'] -%}
    {%- set parts = name.split('.') -%}
    {%- set relation = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_' ~ parts[0], identifier=parts[1]) -%}
    {%- if relation is not none %}{% do tables.append(relation) %}{% endif -%}
  {%- endfor -%}
{%- endif %}
select distinct e.sender_id, e.session_id
from {{ ref('stg_event_sequence') }} as e
{%- if should_full_refresh() %}
-- a full refresh rebuilds the tables whole and replaces nothing
where 1 = 0
{%- endif %}
{%- if previous_sessions is not none %}
union
select s.sender_id, s.session_id
from {{ previous_sessions }} as s
inner join {{ ref('sender_scope') }} as c
    on c.sender_id = s.sender_id
where {{ sender_filter('s.sender_id', ref('sender_ids')) }}
  and s.session_nr >= c.from_session_nr
{%- endif %}
{%- for relation in tables %}
union
select t.sender_id, t.session_id
from {{ relation }} as t
where {{ sender_filter('t.sender_id', ref('sender_ids')) }}
{%- endfor %}
