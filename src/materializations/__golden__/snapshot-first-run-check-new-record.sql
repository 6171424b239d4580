-- [outside] make sure the schema exists
create schema if not exists "snapshots";

-- [inside] run the snapshot query once, with its keys and dbt_scd_id
create temp table pg_temp."customers_snapshot__chatsem_snapsrc_test" on commit drop as
select snapshot_query.*,
  "id" as dbt_unique_key_1,
  "name" as dbt_unique_key_2,
  now()::timestamp without time zone as "dbt_updated_at",
  md5(coalesce(cast("id" as varchar), '') || '|' || coalesce(cast("name" as varchar), '') || '|' || coalesce(cast(now()::timestamp without time zone as varchar), '')) as "dbt_scd_id"
from (
select * from "raw"."customers" -- trailing comment
) as snapshot_query;

-- [inside] check that unique_key is unique in the query
select dbt_unique_key_1, dbt_unique_key_2, count(*) as dbt_rows from pg_temp."customers_snapshot__chatsem_snapsrc_test"
group by dbt_unique_key_1, dbt_unique_key_2
having count(*) > 1
order by count(*) desc
limit 3;

-- [inside] create the snapshot table (reports SELECT)
create table "snapshots"."customers_snapshot" as
select "id",
  "name",
  "tier",
  "updated_at",
  "dbt_scd_id",
  "dbt_updated_at",
  "dbt_updated_at" as "dbt_valid_from",
  nullif("dbt_updated_at", "dbt_updated_at") as "dbt_valid_to",
  'False'::text as "dbt_is_deleted"
from pg_temp."customers_snapshot__chatsem_snapsrc_test";
