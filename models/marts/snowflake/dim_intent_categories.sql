{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per intent category of dim_intents (story, fallback, frustration, dispute, happy, closing, other),
  keyed by intent_category_key; dim_intents_snowflake references it. A small table rebuilt on every run.
-#}
select distinct
    {{ surrogate_key('i.intent_category') }} as intent_category_key,
    i.intent_category
from {{ ref('dim_intents') }} as i
