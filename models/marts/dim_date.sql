{#-
  dim_date: one row per calendar day from var dim_date_start to var dim_date_end (defaults 2019-01-01 and 2030-12-31),
  keyed by date_sk = YYYYMMDD. ISO weekday, week and year (the ISO week belongs to the year of its Thursday),
  English day and month names, weekend and holiday flags, and the financial calendar: var fiscal_year_start_month
  (default 7) is the first month of the financial year, which is named after the calendar year it ends in
  (start month 7: FY2025 = 2024-07-01 .. 2025-06-30, period 1 = July). Holidays come from the seed `holidays`
  (date, name; several names on one day are joined); set var dim_date_holidays: false when the project has no such
  seed. A plain table: it reads no raw data, so it never depends on _loads, and it is small enough for every node
  of a distributed warehouse to hold a copy.
-#}
{{ config(materialized='table') }}
{%- set fiscal_start = var('fiscal_year_start_month', 7) -%}
{%- if not modules.re.match('^[0-9]{1,2}$', fiscal_start | string | trim) or (fiscal_start | int) < 1 or (fiscal_start | int) > 12 -%}
  {{ exceptions.raise_compiler_error(
      "var fiscal_year_start_month = '" ~ fiscal_start ~ "' must be a month number from 1 to 12 (e.g. --vars 'fiscal_year_start_month: 7').") }}
{%- endif -%}
{%- set fiscal_start = fiscal_start | int -%}
{%- set with_holidays = var('dim_date_holidays', true) -%}

with spine as (
  {{ date_spine(date_spine_var('dim_date_start', '2019-01-01'), date_spine_var('dim_date_end', '2030-12-31')) }}
),

days as (
  select
    date_day,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(month from date_day) as integer) as month,
    cast(extract(day from date_day) as integer) as day_of_month,
    -- 1 = Monday … 7 = Sunday, from dow (0 = Sunday), which every dialect has.
    mod(cast(extract(dow from date_day) as integer) + 6, 7) + 1 as day_of_week_iso
  from spine
),

iso_days as (
  select
    days.*,
    cast({{ dateadd('day', '4 - days.day_of_week_iso', 'days.date_day') }} as date) as week_thursday
  from days
),

{% if with_holidays -%}
holidays as (
  select cast(h."date" as date) as holiday_date, {{ listagg('h.name', "', '", 'order by h.name') }} as holiday_name
  from {{ ref('holidays') }} as h
  where h."date" is not null
  group by cast(h."date" as date)
),
{%- else -%}
holidays as (
  select cast(null as date) as holiday_date, cast(null as varchar) as holiday_name
  where 1 = 0
),
{%- endif %}

calendar as (
  select
    d.*,
    {% if fiscal_start == 1 -%}
    d.year as fiscal_year,
    {%- else -%}
    d.year + case when d.month >= {{ fiscal_start }} then 1 else 0 end as fiscal_year,
    {%- endif %}
    mod(d.month - {{ fiscal_start }} + 12, 12) + 1 as fiscal_period
  from iso_days as d
)

select
  c.date_day,
  c.year * 10000 + c.month * 100 + c.day_of_month as date_sk,
  c.day_of_week_iso,
  case c.day_of_week_iso
    when 1 then 'Monday' when 2 then 'Tuesday' when 3 then 'Wednesday' when 4 then 'Thursday'
    when 5 then 'Friday' when 6 then 'Saturday' else 'Sunday'
  end as day_name,
  c.day_of_month,
  -- The ISO week of a day is the week of its Thursday, numbered within the Thursday's year.
  cast(floor((extract(doy from c.week_thursday) - 1) / 7) as integer) + 1 as week_of_year,
  cast(extract(year from c.week_thursday) as integer) as iso_year,
  c.month,
  case c.month
    when 1 then 'January' when 2 then 'February' when 3 then 'March' when 4 then 'April' when 5 then 'May'
    when 6 then 'June' when 7 then 'July' when 8 then 'August' when 9 then 'September' when 10 then 'October'
    when 11 then 'November' else 'December'
  end as month_name,
  cast(floor((c.month - 1) / 3.0) as integer) + 1 as quarter,
  c.year,
  c.day_of_week_iso in (6, 7) as is_weekend,
  h.holiday_date is not null as is_holiday,
  h.holiday_name,
  c.fiscal_year,
  cast(floor((c.fiscal_period - 1) / 3.0) as integer) + 1 as fiscal_quarter,
  c.fiscal_period
from calendar as c
left join holidays as h on h.holiday_date = c.date_day
