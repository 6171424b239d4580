-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] compute the new rows
create temp table pg_temp."orders__chatsem_new_test" on commit drop as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] delete the rows being replaced
delete from "analytics"."orders" as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST."id" in (select "id" from pg_temp."orders__chatsem_new_test");

-- [inside] delete the rows being replaced whose key has nulls
delete from "analytics"."orders" as DBT_INTERNAL_DEST
where exists (select 1 from pg_temp."orders__chatsem_new_test" as DBT_INTERNAL_SOURCE where DBT_INTERNAL_SOURCE."id" is null)
  and (DBT_INTERNAL_DEST."id" is null)
  and exists (select 1 from pg_temp."orders__chatsem_new_test" as DBT_INTERNAL_SOURCE where (DBT_INTERNAL_SOURCE."id" is null) and DBT_INTERNAL_SOURCE."id" is not distinct from DBT_INTERNAL_DEST."id");

-- [inside] insert the new rows (reports INSERT)
insert into "analytics"."orders" ("id", "day", "amount")
select "id", "day", "amount" from pg_temp."orders__chatsem_new_test";
