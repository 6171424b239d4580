{#-
  var session_gap_minutes as seconds, or none when unset. Only a plain positive number is accepted because it is
  rendered into the SQL.
-#}
{% macro session_gap_seconds() -%}
  {%- set minutes = var('session_gap_minutes', none) -%}
  {%- set seconds = none -%}
  {%- if minutes is not none and (minutes | string) != '' -%}
    {%- if not modules.re.match('^[0-9]+(\\.[0-9]+)?$', minutes | string) or (minutes | float) <= 0 -%}
      {{ exceptions.raise_compiler_error(
          "var session_gap_minutes = '" ~ minutes ~ "' is not a positive number of minutes "
          ~ "(e.g. --vars 'session_gap_minutes: 30'; leave it null to split sessions only at session starts and restarts).") }}
    {%- endif -%}
    {%- set seconds = (minutes | float) * 60 -%}
  {%- endif -%}
  {{ return(seconds) }}
{%- endmacro %}
