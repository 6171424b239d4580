-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] create the view (reports CREATE VIEW)
create view "analytics"."orders" as (
select id, day, amount from "raw"."orders" -- trailing comment
);
