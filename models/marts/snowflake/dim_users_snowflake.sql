{{ config(materialized='incremental', incremental_strategy='replace', partition_key='user_id', partition_scope=ref('user_ids'), tags=['snowflake']) }}
{#-
  Grain: one row per user (as dim_users), language, country and device normalised into dim_languages,
  dim_countries and dim_devices ('unknown' when the user has none). Incremental like dim_users: the users in
  user_ids are replaced.
-#}
select
    u.user_id,
    {{ surrogate_key("coalesce(u.language, 'unknown')") }} as language_key,
    {{ surrogate_key("coalesce(u.country, 'unknown')") }} as country_key,
    {{ surrogate_key("coalesce(u.device, 'unknown')") }} as device_key,
    u.age,
    u.first_seen_date_sk,
    u.first_seen_timestamp,
    u.last_seen_timestamp,
    u.sessions_count,
    u.conversations_count,
    u.user_messages_count
from {{ ref('dim_users') }} as u
{%- if is_incremental() %}
where u.user_id in (select user_id from {{ ref('user_ids') }})
{%- endif %}
