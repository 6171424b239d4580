{{ config(materialized='incremental', incremental_strategy='replace', partition_key='session_id', partition_scope=ref('session_scope')) }}
{#-
  Grain: one row per bot message (Rasa `bot` event), keyed by bot_record_hash ([bot_actions] in the original).
  next_user_interaction_fk is the interaction the user's next message opens in the same session — one id, no
  stray extra column (defect 2) — and null for messages in the session's last interaction.
  action_name is the latest action before the message in the session (the action that produced it).
-#}
with messages as (
    select
        e.sender_id,
        e._record_hash,
        e.event_type,
        e."timestamp",
        e.text,
        e.value,
        e.model_id,
        e.event_nr,
        e.session_nr,
        e.interaction_nr,
        e.session_id,
        e.interaction_id,
        e.user_id,
        e.reverse_interaction_nr,
        max(case when e.event_type = 'action' then e.event_nr end) over (
            partition by e.sender_id, e.session_nr order by e.event_nr rows between unbounded preceding and current row
        ) as producing_action_event_nr
    from {{ ref('stg_event_sequence') }} as e
    where e.event_type in ('bot', 'action')
    {%- if is_incremental() %}
      and e.session_id in (select session_id from {{ ref('session_scope') }})
    {%- endif %}
)

select
    m.sender_id,
    m._record_hash as bot_record_hash,
    m."timestamp",
    m.text,
    m.value as utter_action,
    a.value as action_name,
    m.model_id,
    m.event_nr,
    m.session_nr,
    m.interaction_nr,
    m.session_id,
    m.interaction_id,
    m.user_id,
    case
        when m.reverse_interaction_nr > 1
        then m.sender_id || '/' || cast(m.session_nr as varchar) || '/' || cast(m.interaction_nr + 1 as varchar)
    end as next_user_interaction_fk
from messages as m
left join messages as a
    on a.sender_id = m.sender_id
    and a.event_nr = m.producing_action_event_nr
where m.event_type = 'bot'
