-- What works well: theme x touchpoint keys of the latest period in marts.bright_spots, best first.
-- Parameters: period type ('week' | 'month').
with

bright_spots as (
    select * from {bright_spots}
    where period_type = cast(? as varchar) or period_type is null
),

final as (
    select theme_id, touchpoint, rank,
    from bright_spots
    where period = (select max(period) from bright_spots)
)

select * from final
order by rank nulls last, theme_id, touchpoint
