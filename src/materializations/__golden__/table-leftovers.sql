-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [outside] drop a leftover of an interrupted run
drop view if exists "analytics"."orders__chatsem_tmp";

-- [outside] drop a leftover of an interrupted run
drop table if exists "analytics"."orders__chatsem_backup";

-- [inside] build the new version (reports SELECT)
create table "analytics"."orders__chatsem_tmp" as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] move the previous version aside
alter table "analytics"."orders" rename to "orders__chatsem_backup";

-- [inside] move the new version into place
alter table "analytics"."orders__chatsem_tmp" rename to "orders";

-- [inside] drop the previous version
drop table "analytics"."orders__chatsem_backup";
