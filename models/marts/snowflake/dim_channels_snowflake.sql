{{ config(materialized='table', tags=['snowflake']) }}
{#-
  Grain: one row per channel (as dim_channels, same channel_key), its family normalised into dim_channel_groups.
-#}
select
    c.channel_key,
    c.channel,
    {{ surrogate_key('c.channel_group') }} as channel_group_key
from {{ ref('dim_channels') }} as c
