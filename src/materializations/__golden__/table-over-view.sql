-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] build the new version (reports SELECT)
create table "analytics"."orders__chatsem_tmp" as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] move the previous version aside
alter view "analytics"."orders" rename to "orders__chatsem_backup";

-- [inside] move the new version into place
alter table "analytics"."orders__chatsem_tmp" rename to "orders";

-- [inside] drop the previous version
drop view "analytics"."orders__chatsem_backup";
