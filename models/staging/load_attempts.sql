{{ config(materialized='incremental', incremental_strategy='append') }}
-- depends_on: {{ ref('sender_scope') }}
{#
  Grain: one row per load a run has started on (kept across runs; a load appears once per run that processed it).
  Written after sender_scope has read the previous rows and before any semantic table is replaced (session_scope,
  the partition scope of those tables, waits for it): a pending load found here was started by an earlier run that
  failed or was killed, which may have left some tables replaced and others not, so sender_scope then recomputes
  every affected sender as a whole.
-#}
select l.load_id
from {{ ref('load_ids') }} as l
