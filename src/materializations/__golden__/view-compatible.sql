-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] replace the view in place (reports CREATE VIEW)
create or replace view "analytics"."orders" as (
select id, day, amount from "raw"."orders" -- trailing comment
);
