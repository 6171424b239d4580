{#-
  post-hook of the incremental semantic tables and marts: after a whole-table build (first run, --full-refresh) give
  the planner statistics on the partition key. Later runs delete and read the affected partitions by that key; a
  table without statistics looks like "half of it matches", so every incremental run would scan the whole history
  instead of using the key's index. Incremental runs change a small share of the rows and skip this.
-#}
{% macro analyze_after_rebuild(relation) -%}
  {%- if config.get('materialized') == 'incremental' and not is_incremental() -%}
    {%- set key = config.get('partition_key') -%}
    analyze {{ relation }}{% if key %} ({{ key }}){% endif %}
  {%- endif -%}
{%- endmacro %}
