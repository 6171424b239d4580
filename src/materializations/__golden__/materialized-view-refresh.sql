-- [outside] make sure the schema exists
create schema if not exists "analytics";

-- [inside] refresh the materialized view (reports REFRESH MATERIALIZED VIEW)
refresh materialized view "analytics"."orders";
