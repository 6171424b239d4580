{#-
  History of the changing user attributes (SCD type 2) of dim_users: a new version of a user whenever their
  language, country or device changes between two `chatsem snapshot` runs (strategy check, as dbt's). Run it after
  each `chatsem run` — or use `chatsem build` — to keep the history; dbt_valid_from / dbt_valid_to bound each
  version, dbt_valid_to is null for the current one. Users who disappear keep their last version (hard_deletes:
  ignore): a user leaves dim_users only when a full refresh drops their data.
-#}
{% snapshot users_snapshot %}
{{ config(schema='marts', unique_key='user_id', strategy='check', check_cols=['language', 'country', 'device'], hard_deletes='ignore') }}
select
    u.user_id,
    u.language,
    u.country,
    u.device
from {{ ref('dim_users') }} as u
{% endsnapshot %}
