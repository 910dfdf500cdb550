-- marts.feedback_touchpoints: one row per feedback item x linked touchpoint mention (analyst corrections applied).
with

mentions as (
    select * from int_feedback_touchpoints
),

feedback_themes as (
    select feedback_id, theme_id from int_feedback_themes
),

final as (
    select
        m.feedback_id,
        m.source_id,
        m.touchpoint,
        m.journey_stage,
        m.confidence,
        m.sentiment_label,
        m.sentiment_score,
        m.evidence,
        m.method,
        m.is_primary,
        m.corrected,
        m.created_at,
        ft.theme_id,
    from mentions as m
    left join feedback_themes as ft on ft.feedback_id = m.feedback_id
)

select * from final
