-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] pre-hook 1
select 1;

-- [inside] compute the new rows
create temp table pg_temp."orders__chatsem_new_test" on commit drop as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] insert the new rows (reports INSERT)
insert into "analytics"."orders" ("id", "day", "amount")
select "id", "day", "amount" from pg_temp."orders__chatsem_new_test";

-- [inside] post-hook 1
select 2;
