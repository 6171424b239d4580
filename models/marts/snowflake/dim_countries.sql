{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per country code (as the user metadata gave it) of dim_users, keyed by country_key; dim_users_snowflake references it.
  'unknown' stands for users without one. A small table rebuilt on every run.
-#}
select distinct
    {{ surrogate_key("coalesce(u.country, 'unknown')") }} as country_key,
    coalesce(u.country, 'unknown') as country_code
from {{ ref('dim_users') }} as u
