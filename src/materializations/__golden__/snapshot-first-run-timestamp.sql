-- [outside] make sure the schema exists
create schema if not exists "snapshots";

-- [inside] pre-hook 1
set local work_mem = '64MB';

-- [inside] run the snapshot query once, with its keys and dbt_scd_id
create temp table pg_temp."customers_snapshot__chatsem_snapsrc_test" on commit drop as
select snapshot_query.*,
  "id" as dbt_unique_key,
  "updated_at" as "dbt_updated_at",
  md5(coalesce(cast("id" as varchar), '') || '|' || coalesce(cast("updated_at" as varchar), '')) as "dbt_scd_id"
from (
select * from "raw"."customers" -- trailing comment
) as snapshot_query;

-- [inside] check that unique_key is unique in the query
select dbt_unique_key, count(*) as dbt_rows from pg_temp."customers_snapshot__chatsem_snapsrc_test"
group by dbt_unique_key
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
  nullif("dbt_updated_at", "dbt_updated_at") as "dbt_valid_to"
from pg_temp."customers_snapshot__chatsem_snapsrc_test";

-- [inside] post-hook 1
analyze "snapshots"."customers_snapshot";
