{{ config(meta={'analyze_columns': ['sender_id', 'session_nr', 'slot_event_type']}) }}
{#-
  Grain: one row per slot event of the affected senders.

  A `requested_slot` event whose value names a slot is a request of that slot; one with no value clears the request;
  any other slot event is a fill attempt of the slot it names. For each request, its window runs until the next
  request of the same slot in the same form instance (a second request starts its own window) or the end of that
  form instance (session + active form activation). In the window: the first fill attempt of the slot, and the
  first successful one (a non-null value). Their interaction ids are real interaction ids (defect 3 put the
  session id there).
-#}
with slots as (
    select
        e.sender_id,
        e._record_hash,
        e."timestamp",
        e.event_nr,
        e.session_nr,
        e.interaction_nr,
        e.session_id,
        e.interaction_id,
        e.active_form,
        e.active_form_nr,
        e.value as slot_name,
        e.slot_value,
        case
            when e.value = 'requested_slot' and e.slot_value is not null then 'request'
            when e.value = 'requested_slot' then 'request_cleared'
            else 'fill'
        end as slot_event_type,
        case when e.value = 'requested_slot' then e.slot_value else e.value end as normalized_slot_name,
        -- JSON null stored as text by some loaders counts as no value
        case when e.slot_value is null or e.slot_value = 'null' then 0 else 1 end as has_value
    from {{ ref('stg_event_sequence') }} as e
    where e.event_type = 'slot'
),

requests as (
    select
        s.*,
        lead(s.event_nr) over (
            partition by s.sender_id, s.session_nr, s.active_form_nr, s.normalized_slot_name
            order by s.event_nr
        ) as next_request_event_nr
    from slots as s
    where s.slot_event_type = 'request'
),

attempts as (
    select
        r.sender_id,
        r.event_nr as request_event_nr,
        min(f.event_nr) as first_fill_attempt_event_nr,
        min(case when f.has_value = 1 then f.event_nr end) as first_successful_fill_event_nr,
        count(f.event_nr) as fill_attempts_count
    from requests as r
    inner join slots as f
        on f.sender_id = r.sender_id
        and f.session_nr = r.session_nr
        and coalesce(f.active_form_nr, 0) = coalesce(r.active_form_nr, 0)
        and f.slot_event_type = 'fill'
        and f.slot_name = r.normalized_slot_name
        and f.event_nr > r.event_nr
        and (r.next_request_event_nr is null or f.event_nr < r.next_request_event_nr)
    group by r.sender_id, r.event_nr
)

select
    s.sender_id,
    s._record_hash,
    s."timestamp",
    s.event_nr,
    s.session_nr,
    s.interaction_nr,
    s.session_id,
    s.interaction_id,
    s.active_form,
    s.active_form_nr,
    s.slot_name,
    s.slot_value,
    s.normalized_slot_name,
    s.slot_event_type,
    case when s.slot_event_type = 'request' then coalesce(a.fill_attempts_count, 0) end as fill_attempts_count,
    fa._record_hash as first_fill_attempt_record_hash,
    fa.slot_value as first_fill_attempt_value,
    fa.interaction_id as first_fill_attempt_interaction_id,
    fs._record_hash as first_successful_fill_record_hash,
    fs.slot_value as first_successful_fill_value,
    fs.interaction_id as first_successful_fill_interaction_id
from slots as s
left join attempts as a
    on a.sender_id = s.sender_id
    and a.request_event_nr = s.event_nr
left join slots as fa
    on fa.sender_id = a.sender_id
    and fa.event_nr = a.first_fill_attempt_event_nr
left join slots as fs
    on fs.sender_id = a.sender_id
    and fs.event_nr = a.first_successful_fill_event_nr
