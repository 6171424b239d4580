-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] pre-hook 1
set local work_mem = '64MB';

-- [inside] build the new version (reports SELECT)
create table "analytics"."orders" as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] index (id)
create unique index on "analytics"."orders" (id);

-- [inside] index (day)
create index on "analytics"."orders" using brin (day);

-- [inside] post-hook 1
analyze "analytics"."orders";
