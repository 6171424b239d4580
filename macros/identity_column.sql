{#-
  The vars user_id and external_session_id name a raw column (e.g. metadata__user_id). The name is checked as an
  identifier before it reaches SQL; a table that lacks the column contributes null, and the models then fall back
  to sender_id.
-#}
{% macro identity_column_name(var_name) -%}
  {%- set column_name = var(var_name, 'sender_id') -%}
  {%- if column_name is none or (column_name | string) == '' -%}
    {%- set column_name = 'sender_id' -%}
  {%- elif not modules.re.match('^[a-z_][a-z0-9_]*$', column_name | string) -%}
    {{ exceptions.raise_compiler_error(
        "var " ~ var_name ~ " = '" ~ column_name ~ "' is not a column name: give the raw column of event_user / "
        ~ "event_session_started, lowercase with underscores (e.g. --vars '" ~ var_name ~ ": metadata__user_id').") }}
  {%- endif -%}
  {{ return(column_name | string) }}
{%- endmacro %}

{% macro identity_column(columns, table_alias, var_name) -%}
  {{ column_or_null(columns, table_alias, identity_column_name(var_name), 'varchar') }}
{%- endmacro %}
