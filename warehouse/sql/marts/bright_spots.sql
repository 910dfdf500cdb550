-- marts.bright_spots: what works well. One row per theme x touchpoint x period that lifts the theme's score
-- (positive impact on its impact_metric) and is mostly praised (positive_share >= 0.5), ranked best first.
-- lift_score = positive mentions x (1 + the impact, in 5% steps of its metric's scale: 10 NPS points).
with

pain_points as (
    select * from marts.pain_points
),

lifting as (
    select
        *,
        volume * positive_share * (1 + impact_steps(impact_metric, impact)) as lift_score,
    from pain_points
    where impact > 0 and positive_share >= 0.5
),

final as (
    select
        period_type,
        period,
        theme_id,
        theme_label,
        touchpoint,
        journey_stage,
        volume,
        positive_share,
        nps,
        nps_impact,
        nps_impact_low,
        nps_impact_high,
        trend,
        lift_score,
        row_number() over (
            partition by period_type, period order by lift_score desc, volume desc, theme_id, touchpoint
        ) as rank,
        impact,
        impact_low,
        impact_high,
        impact_metric,
    from lifting
)

select * from final
