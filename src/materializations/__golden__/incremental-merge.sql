-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] compute the new rows
create temp table pg_temp."orders__chatsem_new_test" on commit drop as (
select id, day, amount from "raw"."orders" -- trailing comment
);

-- [inside] merge the new rows (reports MERGE)
merge into "analytics"."orders" as DBT_INTERNAL_DEST
using pg_temp."orders__chatsem_new_test" as DBT_INTERNAL_SOURCE
on array[DBT_INTERNAL_SOURCE."id"] = array[DBT_INTERNAL_DEST."id"]
when matched then update set
  "day" = DBT_INTERNAL_SOURCE."day",
  "amount" = DBT_INTERNAL_SOURCE."amount"
when not matched then insert ("id", "day", "amount")
  values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."day", DBT_INTERNAL_SOURCE."amount");
