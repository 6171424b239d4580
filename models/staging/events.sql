{{ config(meta={'analyze': false}) }}
-- depends_on: {{ ref('sender_scope') }}
{#
  Grain: one row per raw event of the affected senders: not only the events of the new loads, because a conversation
  continued in a later load must be re-sessionised — the whole history of a sender-scoped sender, and of a
  session-scoped one the events from the start of its last session before this run on (sender_scope).

  The typed tables (event_user, event_bot, event_action, event_slot, event_active_loop, event_session_started) give
  one shape: `value` is the intent name / utter action / action name / slot name / form name; the columns the
  semantic tables need travel along (null where they do not apply). Every other event type (restart, rewind,
  user_featurization, …) comes from the `event` table, which holds one row per event of every type. Typed tables
  and optional columns that a raw schema lacks (a bot without forms, dlt's schema without _event_order) are left
  out rather than breaking the run. Only stg_event_sequence reads it, whole, so it is not analyzed.
-#}
{%- set typed = {
    'user': source('event', 'event_user'),
    'bot': source('event', 'event_bot'),
    'action': source('event', 'event_action'),
    'slot': source('event', 'event_slot'),
    'active_loop': source('event', 'event_active_loop'),
    'session_started': source('event', 'event_session_started')
} -%}
{%- set columns = {
    'user': column_names(typed['user']),
    'bot': column_names(typed['bot']),
    'action': column_names(typed['action']),
    'slot': column_names(typed['slot']),
    'active_loop': column_names(typed['active_loop']),
    'session_started': column_names(typed['session_started'])
} -%}
{%- set present = [] -%}
{%- for event_type in ['user', 'bot', 'action', 'slot', 'active_loop', 'session_started'] -%}
  {%- if columns[event_type] | length > 0 -%}{%- do present.append(event_type) -%}{%- endif -%}
{%- endfor -%}
{%- set event_columns = column_names(source('event', 'event')) -%}

{%- macro event_branch(event_type, relation, cols, value, text='', confidence='', policy='', message_id='', input_channel='', slot_value='') %}
select
    cast(r.sender_id as varchar) as sender_id,
    cast(r._record_hash as varchar) as _record_hash,
    cast({{ literal(event_type) if event_type else 'r.event' }} as varchar) as event_type,
    r."timestamp" as "timestamp",
    {{ value or 'cast(null as varchar)' }} as value,
    {{ column_or_null(cols, 'r', 'model_id', 'varchar') }} as model_id,
    cast(r._load_id as varchar) as _load_id,
    {{ column_or_null(cols, 'r', '_event_order', 'bigint') }} as _event_order,
    {{ text or 'cast(null as varchar)' }} as text,
    {{ confidence or 'cast(null as double precision)' }} as confidence,
    {{ policy or 'cast(null as varchar)' }} as policy,
    {{ message_id or 'cast(null as varchar)' }} as message_id,
    {{ input_channel or 'cast(null as varchar)' }} as input_channel,
    {{ slot_value or 'cast(null as varchar)' }} as slot_value,
    {{ identity_column(cols, 'r', 'user_id') if event_type in ['user', 'session_started'] else 'cast(null as varchar)' }} as user_id_value,
    {{ identity_column(cols, 'r', 'external_session_id') if event_type in ['user', 'session_started'] else 'cast(null as varchar)' }} as external_session_id_value
{{ scoped_raw_rows(relation, 'r') }}
{%- endmacro %}

{{ event_branch(none, source('event', 'event'), event_columns, none) }}
{%- if present | length > 0 %}
  and r.event not in ({{ literal(present) }})
{%- endif %}
{%- if 'user' in present %}
union all
{{ event_branch('user', typed['user'], columns['user'],
    value=column_or_null(columns['user'], 'r', 'parse_data__intent__name', 'varchar'),
    text=column_or_null(columns['user'], 'r', 'text', 'varchar'),
    confidence=column_or_null(columns['user'], 'r', 'parse_data__intent__confidence', 'double precision'),
    message_id=coalesce_columns(columns['user'], 'r', ['message_id', 'parse_data__message_id'], 'varchar'),
    input_channel=column_or_null(columns['user'], 'r', 'input_channel', 'varchar')) }}
{%- endif %}
{%- if 'bot' in present %}
union all
{{ event_branch('bot', typed['bot'], columns['bot'],
    value=coalesce_columns(columns['bot'], 'r', ['metadata__utter_action', 'metadata__template_name'], 'varchar'),
    text=column_or_null(columns['bot'], 'r', 'text', 'varchar')) }}
{%- endif %}
{%- if 'action' in present %}
union all
{{ event_branch('action', typed['action'], columns['action'],
    value=column_or_null(columns['action'], 'r', 'name', 'varchar'),
    confidence=column_or_null(columns['action'], 'r', 'confidence', 'double precision'),
    policy=column_or_null(columns['action'], 'r', 'policy', 'varchar')) }}
{%- endif %}
{%- if 'slot' in present %}
union all
{{ event_branch('slot', typed['slot'], columns['slot'],
    value=column_or_null(columns['slot'], 'r', 'name', 'varchar'),
    slot_value=column_or_null(columns['slot'], 'r', 'value', 'varchar')) }}
{%- endif %}
{%- if 'active_loop' in present %}
union all
{{ event_branch('active_loop', typed['active_loop'], columns['active_loop'],
    value=column_or_null(columns['active_loop'], 'r', 'name', 'varchar')) }}
{%- endif %}
{%- if 'session_started' in present %}
union all
{{ event_branch('session_started', typed['session_started'], columns['session_started'], none) }}
{%- endif %}
