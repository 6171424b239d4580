-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] index the key that incremental runs delete by
create index on "analytics"."turns" ("session_id");

-- [inside] delete every row of the affected partitions
delete from "analytics"."turns" as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST."session_id" in (select "session_id" from "staging"."affected_sessions");

-- [inside] delete the rows of the null partition when it is affected
delete from "analytics"."turns" as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST."session_id" is null
  and exists (select 1 from "staging"."affected_sessions" as DBT_INTERNAL_SOURCE where DBT_INTERNAL_SOURCE."session_id" is null);

-- [inside] insert the new rows (reports INSERT)
insert into "analytics"."turns" ("session_id", "turn_nr")
select "session_id", "turn_nr" from (
select id, day, amount from "raw"."orders" -- trailing comment
) as DBT_INTERNAL_NEW;
