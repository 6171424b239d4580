-- [outside] make sure the schema exists
create schema if not exists "snapshots";

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

-- [inside] compute the new, changed and deleted rows
create temp table pg_temp."customers_snapshot__chatsem_snapchg_test" on commit drop as
with snapshotted_data as (
  select DBT_INTERNAL_DEST.*, "id" as dbt_unique_key
  from "snapshots"."customers_snapshot" as DBT_INTERNAL_DEST
  where DBT_INTERNAL_DEST."dbt_valid_to" is null
),
insertions as (
  select 'insert'::text as dbt_change_type, source_data."id", source_data."name", source_data."tier", source_data."updated_at",
    source_data."dbt_updated_at" as "dbt_updated_at", source_data."dbt_updated_at" as "dbt_valid_from", nullif(source_data."dbt_updated_at", source_data."dbt_updated_at") as "dbt_valid_to",
    source_data."dbt_scd_id" as "dbt_scd_id"
  from pg_temp."customers_snapshot__chatsem_snapsrc_test" as source_data
  left join snapshotted_data on array[snapshotted_data.dbt_unique_key] = array[source_data.dbt_unique_key]
  where snapshotted_data."dbt_scd_id" is null
     or snapshotted_data."dbt_valid_from" < source_data."dbt_updated_at"
),
updates as (
  select 'update'::text as dbt_change_type, source_data."id", source_data."name", source_data."tier", source_data."updated_at",
    source_data."dbt_updated_at" as "dbt_updated_at", source_data."dbt_updated_at" as "dbt_valid_from", source_data."dbt_updated_at" as "dbt_valid_to",
    snapshotted_data."dbt_scd_id" as "dbt_scd_id"
  from pg_temp."customers_snapshot__chatsem_snapsrc_test" as source_data
  join snapshotted_data on array[snapshotted_data.dbt_unique_key] = array[source_data.dbt_unique_key]
  where snapshotted_data."dbt_valid_from" < source_data."dbt_updated_at"
)
select * from insertions
union all
select * from updates;

-- [inside] close the versions that changed or were deleted
update "snapshots"."customers_snapshot" as DBT_INTERNAL_DEST
set "dbt_valid_to" = DBT_INTERNAL_SOURCE."dbt_valid_to"
from pg_temp."customers_snapshot__chatsem_snapchg_test" as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_SOURCE."dbt_scd_id"::text = DBT_INTERNAL_DEST."dbt_scd_id"::text
  and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
  and DBT_INTERNAL_DEST."dbt_valid_to" is null;

-- [inside] insert the new versions (reports INSERT)
insert into "snapshots"."customers_snapshot" ("id", "name", "tier", "updated_at", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id")
select "id", "name", "tier", "updated_at", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id"
from pg_temp."customers_snapshot__chatsem_snapchg_test"
where dbt_change_type = 'insert';
