{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per language code (ISO 639-1 as the user metadata gave it) of dim_users, keyed by language_key; dim_users_snowflake references it.
  'unknown' stands for users without one. A small table rebuilt on every run.
-#}
select distinct
    {{ surrogate_key("coalesce(u.language, 'unknown')") }} as language_key,
    coalesce(u.language, 'unknown') as language_code
from {{ ref('dim_users') }} as u
