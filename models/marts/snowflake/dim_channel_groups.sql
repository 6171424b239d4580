{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per channel family of dim_channels (web, messaging, voice, api, other, unknown), keyed by
  channel_group_key; dim_channels_snowflake references it. A small table rebuilt on every run.
-#}
select distinct
    {{ surrogate_key('c.channel_group') }} as channel_group_key,
    c.channel_group
from {{ ref('dim_channels') }} as c
