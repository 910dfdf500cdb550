-- marts.feedback_touchpoints: one row per feedback item x linked touchpoint mention.
with

touchpoints as (
    select * from core.feedback_touchpoints
),

feedback as (
    select feedback_id, source_id, created_at from core.feedback
),

feedback_themes as (
    select feedback_id, theme_id from int_feedback_themes
),

final as (
    select
        t.feedback_id,
        f.source_id,
        t.touchpoint,
        t.journey_stage,
        t.confidence,
        t.sentiment_label,
        t.sentiment_score,
        t.evidence,
        t.method,
        t.is_primary,
        f.created_at,
        ft.theme_id,
    from touchpoints as t
    inner join feedback as f on f.feedback_id = t.feedback_id
    left join feedback_themes as ft on ft.feedback_id = t.feedback_id
)

select * from final
