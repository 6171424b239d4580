-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] compute the new rows
create temp table pg_temp."orders__chatsem_new_test" on commit drop as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] add new columns
alter table "analytics"."orders"
  add column "amount" numeric(10,2);

-- [inside] insert the new rows (reports INSERT)
insert into "analytics"."orders" ("id", "day", "amount")
select "id", "day", "amount" from pg_temp."orders__chatsem_new_test";
