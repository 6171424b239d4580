{{ config(materialized='table', tags=['star']) }}
{#-
  Grain: one row per intent, keyed by intent_key: every intent of a user message (fact_messages) and every intent
  of the seed lists, with its category — story, fallback, frustration, dispute, happy, closing or other
  (macros/marts/marts_categories.sql; first match wins) — and whether it counts as a completion intent.
  A small table rebuilt on every run.
-#}
with intents as (
    select m.intent_name from {{ ref('fact_messages') }} as m where m.sender_type = 'user' and m.intent_name is not null
    union
    select intent_name from {{ ref('story_start_intents') }}
    union
    select intent_name from {{ ref('frustration_intents') }}
    union
    select intent_name from {{ ref('dispute_intents') }}
    union
    select intent_name from {{ ref('happy_intents') }}
)

select
    {{ surrogate_key('i.intent_name') }} as intent_key,
    i.intent_name,
    {{ intent_category('i.intent_name') }} as intent_category,
    {{ is_completion_intent('i.intent_name') }} as is_completion_intent
from intents as i
where i.intent_name is not null
