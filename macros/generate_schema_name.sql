{#-
  The package writes to exactly <prefix>_staging and <prefix>_views (next to the raw <prefix>_event), not to dbt's
  <target_schema>_<custom>: the three schemas of one bot belong together whatever the profile's default schema is.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- set prefix = source_schema_prefix() -%}
  {%- if custom_schema_name is none -%}
    {{ target.schema }}
  {%- else -%}
    {{ prefix ~ '_' ~ (custom_schema_name | trim) }}
  {%- endif -%}
{%- endmacro %}
