{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per intent (as dim_intents, same intent_key), its category normalised into dim_intent_categories.
-#}
select
    i.intent_key,
    i.intent_name,
    {{ surrogate_key('i.intent_category') }} as intent_category_key,
    i.is_completion_intent
from {{ ref('dim_intents') }} as i
