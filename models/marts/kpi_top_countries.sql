{{ config(materialized='table', tags=['kpi']) }}
{#-
  Grain: one row per country among the var kpi_top_n most frequent over all sessions (fact_sessions.country),
  with its sessions, users and share of the sessions that have one. A small table rebuilt on every run.
-#}
{{ kpi_top_values('country') }}
