{#-
  How the marts classify intents and channels. Intent lists are the seeds plus the vars of the same name (see
  macros/configured_names.sql); completion intents are the happy intents plus var completion_intents.
-#}

{#- 'story', 'fallback', 'frustration', 'dispute', 'happy', 'closing' or 'other' (first match wins); null stays null. -#}
{% macro intent_category(intent) -%}
  case
    when {{ intent }} is null then null
    when {{ intent }} in {{ configured_names('story_start_intents', 'intent_name') }} then 'story'
    when {{ intent }} = 'nlu_fallback' or {{ intent }} = 'out_of_scope' or {{ intent }} like 'out\_of\_scope/%' then 'fallback'
    when {{ intent }} in {{ configured_names('frustration_intents', 'intent_name') }} then 'frustration'
    when {{ intent }} in {{ configured_names('dispute_intents', 'intent_name') }} then 'dispute'
    when {{ intent }} in {{ configured_names('happy_intents', 'intent_name') }} then 'happy'
    {%- set closing = completion_intent_list() %}
    {%- if closing | length > 0 %}
    when {{ intent }} in ({{ literal(closing) }}) then 'closing'
    {%- endif %}
    else 'other'
  end
{%- endmacro %}

{#- The var completion_intents as a list of non-empty strings. -#}
{% macro completion_intent_list() -%}
  {%- set given = var('completion_intents', []) -%}
  {%- if given is none -%}{%- set given = [] -%}{%- endif -%}
  {%- if given is string -%}{%- set given = [given] -%}{%- endif -%}
  {%- set names = [] -%}
  {%- for value in given -%}
    {%- if value is not none and (value | string | length) > 0 -%}{%- do names.append(value | string) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(names) }}
{%- endmacro %}

{#- True for a user intent that closes the conversation properly (happy intents and var completion_intents). -#}
{% macro is_completion_intent(intent) -%}
  {%- set closing = completion_intent_list() -%}
  ({{ intent }} in {{ configured_names('happy_intents', 'intent_name') }}
  {%- if closing | length > 0 %} or {{ intent }} in ({{ literal(closing) }}){% endif %})
{%- endmacro %}

{#- Channel family of a Rasa input channel: 'web', 'messaging', 'voice', 'api', 'unknown' or 'other'. -#}
{% macro channel_group(channel) -%}
  case
    when {{ channel }} is null or {{ channel }} = 'unknown' then 'unknown'
    when {{ channel }} in ('webchat', 'socketio', 'web', 'botfront', 'rasa_chat') then 'web'
    when {{ channel }} in ('whatsapp', 'messenger', 'facebook', 'telegram', 'slack', 'twilio', 'mattermost', 'rocketchat', 'hangouts', 'webexteams', 'microsoft_teams', 'botframework', 'line', 'viber', 'instagram') then 'messaging'
    when {{ channel }} in ('twilio_voice', 'audiocodes', 'genesys', 'jambonz', 'voice') then 'voice'
    when {{ channel }} in ('rest', 'callback', 'cmdline', 'api') then 'api'
    else 'other'
  end
{%- endmacro %}
