-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] build the new version (reports SELECT)
create table "analytics"."orders" as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] index (id)
create index on "analytics"."orders" (id);
