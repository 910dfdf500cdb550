-- Touchpoint scorecard of the latest two periods of one period type in marts.touchpoint_scorecard.
-- Parameters: period type ('week' | 'month').
with

scorecard as (
    select * from {scorecard}
    where period_type = cast(? as varchar) or period_type is null
),

periods as (
    select period, row_number() over (order by period desc) as recency,
    from (select distinct period from scorecard)
),

final as (
    select
        case p.recency when 1 then 'current' else 'previous' end as which,
        s.period,
        s.touchpoint,
        s.journey_stage,
        s.volume,
        s.positive_share,
        s.neutral_share,
        s.negative_share,
        s.nps,
        s.nps_responses,
        s.csat,
        s.ces,
        s.rating,
    from scorecard as s
    inner join periods as p on p.period = s.period
    where p.recency <= 2
)

select * from final
order by which, journey_stage, touchpoint
