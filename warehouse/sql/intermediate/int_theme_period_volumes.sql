-- int_theme_period_volumes: one row per theme x touchpoint (or '*') x period with items, with the volume
-- of the previous period of the same type (the one previous-period join of the marts).
with

memberships as (
    select * from int_theme_memberships
),

volumes as (
    select
        period_type,
        period,
        theme_id,
        touchpoint,
        count(distinct feedback_id) as volume,
    from memberships
    group by all
),

final as (
    select
        v.*,
        coalesce(p.volume, 0) as previous_volume,
        v.volume - coalesce(p.volume, 0) as trend,
    from volumes as v
    left join volumes as p
        on p.period_type = v.period_type
        and p.theme_id = v.theme_id
        and p.touchpoint = v.touchpoint
        and p.period = previous_period(v.period_type, v.period)
)

select * from final
