-- Theme x touchpoint memberships of feedback items, with week and month, for the pain-point statistics.
-- One row per feedback item x touchpoint mention (touchpoint '*' stands for the item's whole theme).
with

feedback as (
    select feedback_id, created_at, nps from core.feedback
),

feedback_themes as (
    select feedback_id, theme_id from core.feedback_themes where theme_id is not null
),

touchpoints as (
    select distinct feedback_id, touchpoint from core.feedback_touchpoints
),

themed as (
    select
        ft.feedback_id,
        ft.theme_id,
        f.nps,
        cast(date_trunc('week', f.created_at) as date) as week,
        cast(date_trunc('month', f.created_at) as date) as month,
    from feedback_themes as ft
    inner join feedback as f on f.feedback_id = ft.feedback_id
),

per_touchpoint as (
    select th.*, tp.touchpoint,
    from themed as th
    inner join touchpoints as tp on tp.feedback_id = th.feedback_id
),

final as (
    select * from per_touchpoint
    union all
    select *, '*' as touchpoint from themed
)

select * from final
