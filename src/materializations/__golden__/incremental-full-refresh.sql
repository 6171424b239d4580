-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] build the new version (reports SELECT)
create table "analytics"."orders__chatsem_tmp" as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] index (id)
create index on "analytics"."orders__chatsem_tmp" (id);

-- [inside] drop dependent materialized view "reporting"."daily" (recreated below)
drop materialized view "reporting"."daily";

-- [inside] drop dependent view "reporting"."orders_summary" (recreated below)
drop view "reporting"."orders_summary";

-- [inside] move the previous version aside
alter table "analytics"."orders" rename to "orders__chatsem_backup";

-- [inside] move the new version into place
alter table "analytics"."orders__chatsem_tmp" rename to "orders";

-- [inside] drop the previous version
drop table "analytics"."orders__chatsem_backup";

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
