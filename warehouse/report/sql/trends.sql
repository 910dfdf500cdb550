-- Volume and complaints (negative items) per theme and period of one period type from marts.theme_trends,
-- oldest first. A mart without negative_share (an older snapshot) counts every item as a complaint.
-- Parameters: period type ('week' | 'month').
with

trends as (
    select * from {trends}
    where period_type = cast(? as varchar) or period_type is null
),

final as (
    select theme_id, period, sum(volume) as volume, round(sum(volume * coalesce(negative_share, 1))) as complaints,
    from trends
    group by all
)

select * from final
order by theme_id, period
