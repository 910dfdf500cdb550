-- Quality figures of the warehouse after a run, one row.
with

feedback as (
    select count(*) as items from core.feedback
),

touchpoints as (
    select
        count(*) filter (where touchpoint = 'unlinked') as unlinked,
        count(*) as primaries,
    from core.feedback_touchpoints
    where is_primary
),

themes as (
    select
        count(*) filter (where theme_id is null) as outliers,  -- null theme_id = outlier (005_themes.sql)
        count(*) as assigned,
    from core.feedback_themes
),

quarantine as (
    select count(*) as quarantined from ops.quarantine
),

final as (
    select
        feedback.items,
        round(touchpoints.unlinked / nullif(touchpoints.primaries, 0), 4) as unlinked_share,
        round(themes.outliers / nullif(themes.assigned, 0), 4) as outlier_share,
        quarantine.quarantined as quarantined_total,
    from feedback, touchpoints, themes, quarantine
)

select * from final
