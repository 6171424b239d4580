{{ config(materialized='table', tags=['star']) }}
{#-
  Grain: one row per input channel seen in fact_sessions ('unknown' for sessions without a user message),
  keyed by channel_key, with its family (web, messaging, voice, api, other, unknown). A small table rebuilt on
  every run from the distinct channels.
-#}
with channels as (
    select distinct s.channel
    from {{ ref('fact_sessions') }} as s
)

select
    {{ surrogate_key('c.channel') }} as channel_key,
    c.channel,
    {{ channel_group('c.channel') }} as channel_group
from channels as c
