-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] compute the new rows
create temp table pg_temp."orders__chatsem_new_test" on commit drop as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] drop dependent materialized view "reporting"."daily" (recreated below)
drop materialized view "reporting"."daily";

-- [inside] drop dependent view "reporting"."orders_summary" (recreated below)
drop view "reporting"."orders_summary";

-- [inside] sync the columns with the model
alter table "analytics"."orders"
  add column "amount" numeric(10,2),
  drop column "note",
  alter column "day" type date using "day"::date;

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

-- [inside] recreate dependent view "reporting"."orders_summary"
create view "reporting"."orders_summary" with (security_barrier=true) as
SELECT orders.id,
    orders.day
   FROM analytics.orders;

-- [inside] restore comment of "reporting"."orders_summary"
comment on view "reporting"."orders_summary" is 'Orders'' summary';

-- [inside] restore grant on "reporting"."orders_summary"
grant select on "reporting"."orders_summary" to bi_reader;

-- [inside] recreate dependent materialized view "reporting"."daily"
create materialized view "reporting"."daily" as
SELECT orders_summary.day,
    count(*) AS n
   FROM reporting.orders_summary
  GROUP BY orders_summary.day;

-- [inside] recreate index of "reporting"."daily"
CREATE INDEX daily_day_idx ON reporting.daily USING btree (day);
