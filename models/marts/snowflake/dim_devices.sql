{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per device (as the user metadata gave it) of dim_users, keyed by device_key; dim_users_snowflake references it.
  'unknown' stands for users without one. A small table rebuilt on every run.
-#}
select distinct
    {{ surrogate_key("coalesce(u.device, 'unknown')") }} as device_key,
    coalesce(u.device, 'unknown') as device_name
from {{ ref('dim_users') }} as u
