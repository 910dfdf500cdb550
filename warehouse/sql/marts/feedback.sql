-- marts.feedback: one row per feedback item with its enrichment, primary touchpoint and theme.
with

feedback as (
    select * from core.feedback
),

enrichment as (
    select * from core.enrichment
),

touchpoints as (
    select * from core.feedback_touchpoints
),

feedback_themes as (
    select * from core.feedback_themes
),

themes as (
    select theme_id, label from core.themes
),

primary_touchpoint as (
    -- the linker marks exactly one primary mention per item (the text link outranks a channel hint there);
    -- the most confident mention is never used instead, and row_number only guards against duplicates
    select
        feedback_id,
        touchpoint,
        journey_stage,
    from touchpoints
    where is_primary
    qualify row_number() over (partition by feedback_id order by confidence desc, touchpoint) = 1
),

final as (
    select
        f.feedback_id,
        f.source,
        f.source_id,
        f.kind,
        f.created_at,
        f.text,
        e.language,
        e.sentiment_label,
        e.sentiment_score,
        f.nps,
        f.csat,
        f.ces,
        f.rating,
        coalesce(p.touchpoint, 'unlinked') as touchpoint,
        p.journey_stage,
        ft.theme_id,
        th.label as theme_label,
        f.channel,
        case
            when f.nps >= 9 then 'promoter'
            when f.nps >= 7 then 'passive'
            when f.nps >= 0 then 'detractor'
        end as nps_group,
    from feedback as f
    left join enrichment as e on e.feedback_id = f.feedback_id
    left join primary_touchpoint as p on p.feedback_id = f.feedback_id
    left join feedback_themes as ft on ft.feedback_id = f.feedback_id
    left join themes as th on th.theme_id = ft.theme_id
)

select * from final
