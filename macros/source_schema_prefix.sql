{#-
  The var source_schema_prefix is pasted into schema names, so it must be a plain identifier part: checked here
  (the engine checks it too, before any SQL) rather than trusted.
-#}
{% macro source_schema_prefix() -%}
  {%- set prefix = var('source_schema_prefix') -%}
  {%- if prefix is none or not modules.re.match('^[a-z_][a-z0-9_]*$', prefix | string) or (prefix | string | length) > 40 -%}
    {{ exceptions.raise_compiler_error(
        "var source_schema_prefix = '" ~ prefix ~ "' is not a valid schema prefix: use lowercase letters, digits and "
        ~ "underscores, starting with a letter or underscore, at most 40 characters (e.g. --vars 'source_schema_prefix: carbon_bot').") }}
  {%- endif -%}
  {{ return(prefix | string) }}
{%- endmacro %}
