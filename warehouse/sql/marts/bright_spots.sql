-- marts.bright_spots: what works well. One row per theme x touchpoint x period that lifts NPS
-- (positive NPS impact) and is mostly praised (positive_share >= 0.5), ranked best first.
-- lift_score = positive mentions x (1 + NPS points the group adds / 10).
with

pain_points as (
    select * from marts.pain_points
),

lifting as (
    select
        *,
        volume * positive_share * (1 + nps_impact / 10) as lift_score,
    from pain_points
    where nps_impact > 0 and positive_share >= 0.5
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
    from lifting
)

select * from final
