-- marts.feedback: one row per feedback item with its enrichment, primary touchpoint and theme.
with

feedback as (
    select * from core.feedback
),

enrichment as (
    select * from core.enrichment
),

final_sentiment as (
    -- per-source prior adaptation and analyst corrections over the model's label (warehouse/adapt.py)
    select * from core.feedback_sentiment
),

touchpoints as (
    select * from core.feedback_touchpoints
),

feedback_themes as (
    select * from int_feedback_themes
),

themes as (
    select theme_id, label from int_themes
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
        coalesce(s.sentiment_label, e.sentiment_label) as sentiment_label,
        coalesce(s.sentiment_score, e.sentiment_score) as sentiment_score,
        coalesce(s.origin = 'corrected', false) as sentiment_corrected,
        case when e.feedback_id is not null then coalesce(s.origin, 'model') end as sentiment_origin,
        f.nps,
        f.csat,
        f.ces,
        f.rating,
        coalesce(s.touchpoint, p.touchpoint, 'unlinked') as touchpoint,
        case when s.touchpoint is not null then s.journey_stage else p.journey_stage end as journey_stage,
        ft.theme_id,
        th.label as theme_label,
        f.channel,
        nps_group(f.nps) as nps_group,
    from feedback as f
    left join enrichment as e on e.feedback_id = f.feedback_id
    left join final_sentiment as s on s.feedback_id = f.feedback_id
    left join primary_touchpoint as p on p.feedback_id = f.feedback_id
    left join feedback_themes as ft on ft.feedback_id = f.feedback_id
    left join themes as th on th.theme_id = ft.theme_id
)

select * from final
