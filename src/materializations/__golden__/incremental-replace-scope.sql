-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] delete every row of the affected partitions
delete from "analytics"."turns" as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST."sender_id" in (select "sender_id" from "staging"."affected_senders");

-- [inside] delete the rows of the null partition when it is affected
delete from "analytics"."turns" as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST."sender_id" is null
  and exists (select 1 from "staging"."affected_senders" as DBT_INTERNAL_SOURCE where DBT_INTERNAL_SOURCE."sender_id" is null);

-- [inside] insert the new rows (reports INSERT)
insert into "analytics"."turns" ("sender_id", "turn_nr")
select "sender_id", "turn_nr" from (
select id, day, amount from "raw"."orders" -- trailing comment
) as DBT_INTERNAL_NEW;
