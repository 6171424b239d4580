{{ config(materialized='table', schema='staging') }}
-- depends_on: {{ ref('sender_scope') }}
{#
  Grain: one row per user message of the affected senders (of a session-scoped sender: from its from_timestamp on,
  as in events), with the user attributes and the sentiment its
  metadata carried (raw event_user columns named by the vars user_*_column and message_sentiment_column; a column
  the raw schema lacks, as in real Rasa exports without custom metadata, gives nulls). Rebuilt each run, like the
  other staging tables; the marts read it instead of the raw tables.
-#}
{%- set event_user = source('event', 'event_user') -%}
{%- set columns = column_names(event_user) -%}
select
    cast(u.sender_id as varchar) as sender_id,
    cast(u._record_hash as varchar) as user_message_record_hash,
    {{ column_or_null(columns, 'u', marts_column_var('user_language_column'), 'varchar') }} as language,
    {{ column_or_null(columns, 'u', marts_column_var('user_country_column'), 'varchar') }} as country,
    {{ column_or_null(columns, 'u', marts_column_var('user_device_column'), 'varchar') }} as device,
    {{ column_or_null(columns, 'u', marts_column_var('user_age_column'), 'double precision') }} as age,
    {{ column_or_null(columns, 'u', marts_column_var('message_sentiment_column'), 'double precision') }} as sentiment
{{ scoped_raw_rows(event_user, 'u') }}
