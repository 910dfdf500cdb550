-- int_theme_memberships: one row per themed feedback item x touchpoint x period type; touchpoint '*' stands
-- for the item's whole theme (every touchpoint together). The groups of the pain-point statistics and of
-- the period volumes.
with

feedback_themes as (
    select feedback_id, theme_id from int_feedback_themes where theme_id is not null
),

mentions as (
    select feedback_id, touchpoint from int_touchpoint_mentions
),

periods as (
    select feedback_id, period_type, period from int_feedback_periods
),

themed as (
    select ft.feedback_id, ft.theme_id, p.period_type, p.period,
    from feedback_themes as ft
    inner join periods as p on p.feedback_id = ft.feedback_id
),

final as (
    select th.*, m.touchpoint,
    from themed as th
    inner join mentions as m on m.feedback_id = th.feedback_id
    union all
    select *, '*' as touchpoint,
    from themed
)

select * from final
