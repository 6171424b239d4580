{#-
  Vars of the marts (project.yaml) that end up inside SQL. Numbers are checked here and returned as numbers, so
  what reaches SQL is always a plain numeric literal; names are rendered with literal() or checked as identifiers.
-#}
{% macro marts_number_var(name, minimum, maximum, integer=false) -%}
  {%- set value = var(name) -%}
  {%- set text = value | string | trim -%}
  {%- set pattern = '^[0-9]+$' if integer else '^[0-9]+(\\.[0-9]+)?$' -%}
  {%- if value is none or not modules.re.match(pattern, text) or (text | float) < minimum or (text | float) > maximum -%}
    {{ exceptions.raise_compiler_error(
        "var " ~ name ~ " = '" ~ value ~ "' must be a" ~ (' whole' if integer else '') ~ " number from " ~ minimum ~ " to "
        ~ maximum ~ " (set it in project.yaml or with --vars '" ~ name ~ ": …').") }}
  {%- endif -%}
  {{ return((text | int) if integer else (text | float)) }}
{%- endmacro %}

{#- The quality-of-experience weights as a list [latency, errors, resolution, sentiment]: non-negative, not all zero. -#}
{% macro qoe_weights() -%}
  {%- set given = var('qoe_weights') -%}
  {%- set names = ['latency', 'errors', 'resolution', 'sentiment'] -%}
  {%- if given is not mapping -%}
    {{ exceptions.raise_compiler_error(
        "var qoe_weights must be a mapping like {latency: 0.3, errors: 0.3, resolution: 0.2, sentiment: 0.2}, got '" ~ given ~ "'.") }}
  {%- endif -%}
  {%- set weights = [] -%}
  {%- set total = namespace(value=0) -%}
  {%- for key, value in given.items() -%}
    {%- if key not in names -%}
      {{ exceptions.raise_compiler_error(
          "var qoe_weights has an unknown component '" ~ key ~ "': use latency, errors, resolution and sentiment.") }}
    {%- endif -%}
  {%- endfor -%}
  {%- for key in names -%}
    {%- set text = given.get(key, 0) | string | trim -%}
    {%- if not modules.re.match('^[0-9]+(\\.[0-9]+)?$', text) -%}
      {{ exceptions.raise_compiler_error(
          "var qoe_weights." ~ key ~ " = '" ~ text ~ "' is not a non-negative number (e.g. --vars '{qoe_weights: {latency: 0.5, errors: 0.5, resolution: 0, sentiment: 0}}').") }}
    {%- endif -%}
    {%- do weights.append(text | float) -%}
    {%- set total.value = total.value + (text | float) -%}
  {%- endfor -%}
  {%- if total.value <= 0 -%}
    {{ exceptions.raise_compiler_error("var qoe_weights are all zero: give at least one component a positive weight.") }}
  {%- endif -%}
  {{ return(weights) }}
{%- endmacro %}

{#- A raw event_user column named by a var (e.g. user_country_column: metadata__country), checked as an identifier. -#}
{% macro marts_column_var(name) -%}
  {%- set column_name = var(name) -%}
  {%- if column_name is none or not modules.re.match('^[a-z_][a-z0-9_]*$', column_name | string) -%}
    {{ exceptions.raise_compiler_error(
        "var " ~ name ~ " = '" ~ column_name ~ "' is not a column name: give a raw column of event_user, lowercase with "
        ~ "underscores (e.g. --vars '" ~ name ~ ": metadata__country').") }}
  {%- endif -%}
  {{ return(column_name | string) }}
{%- endmacro %}

{#- The var kpi_reference_date as a date_sk (YYYYMMDD integer), or none when unset (= latest session day). -#}
{% macro kpi_reference_date_sk() -%}
  {%- set value = var('kpi_reference_date', none) -%}
  {%- if value is none or (value | string | trim) == '' -%}{{ return(none) }}{%- endif -%}
  {%- set match = modules.re.match('^([0-9]{4})-([0-9]{2})-([0-9]{2})$', value | string | trim) -%}
  {%- if not match or (match.group(2) | int) < 1 or (match.group(2) | int) > 12 or (match.group(3) | int) < 1 or (match.group(3) | int) > 31 -%}
    {{ exceptions.raise_compiler_error(
        "var kpi_reference_date = '" ~ value ~ "' is not a date: use YYYY-MM-DD (e.g. --vars 'kpi_reference_date: 2024-03-31') or leave it null for the latest day in the data.") }}
  {%- endif -%}
  {{ return((match.group(1) | int) * 10000 + (match.group(2) | int) * 100 + (match.group(3) | int)) }}
{%- endmacro %}
