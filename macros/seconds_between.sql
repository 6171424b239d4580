{#- Elapsed seconds between two timestamps; PostgreSQL's form, kept here so another dialect can replace it. -#}
{% macro seconds_between(start_timestamp, end_timestamp) -%}
  cast(extract(epoch from ({{ end_timestamp }} - {{ start_timestamp }})) as double precision)
{%- endmacro %}
