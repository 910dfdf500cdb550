-- Emerging pain points of the latest week (what the webhook announces).
with

pain_points as (
    select * from marts.pain_points where period_type = 'week'
),

latest as (
    select max(period) as period from pain_points
),

final as (
    select
        pain_points.theme_id,
        pain_points.theme_label as label,
        pain_points.touchpoint,
        pain_points.journey_stage,
        pain_points.volume,
        pain_points.negative_share,
        pain_points.nps_impact,
        pain_points.rank,
    from pain_points
    inner join latest on pain_points.period = latest.period
    where pain_points.emerging and pain_points.negative_share >= 0.5
    order by pain_points.rank
)

select * from final
