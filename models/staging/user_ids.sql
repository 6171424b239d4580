{#-
  Grain: one row per user whose row in `users` this run recomputes: the users of the affected conversations now,
  and the users those conversations had before this run (a conversation whose user changed must leave its old
  user's counts). The previous assignment is read from the existing `conversations` table, which is why
  `conversations` waits for this model (its depends_on hint).
-#}
{%- set previous_conversations = adapter.get_relation(database=none, schema=source_schema_prefix() ~ '_views', identifier='conversations') if execute else none %}
select distinct c.user_id
from {{ ref('stg_conversations') }} as c
{%- if previous_conversations is not none %}
union
select p.user_id
from {{ previous_conversations }} as p
where p.conversation_id in (select sender_id from {{ ref('sender_ids') }})
{%- endif %}
