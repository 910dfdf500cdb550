-- int_feedback_touchpoints: core.feedback_touchpoints (one row per item x linked mention) with the analyst's
-- touchpoint corrections applied, and the item's source id and time. A correction naming a touchpoint sets
-- that mention's sentiment (a 'correction' row is added when the linker missed it, and the item's 'unlinked'
-- row goes); a correction without a touchpoint changes the item's sentiment only (marts.feedback), never its
-- mentions: a mixed item keeps both sides.
with

touchpoints as (
    select * exclude (content_hash, taxonomy_hash, linked_at) from core.feedback_touchpoints
),

corrections as (
    select feedback_id, touchpoint, journey_stage, sentiment_label, sentiment_score
    from core.feedback_sentiment
    where origin = 'corrected' and touchpoint is not null
),

feedback as (
    select feedback_id, source_id, created_at from core.feedback
),

missed as (
    -- corrected touchpoints the linker did not find; primary only where it found nothing else for the item
    select
        c.feedback_id, c.touchpoint, c.journey_stage,
        1.0 as confidence, c.sentiment_label, c.sentiment_score, null as evidence, 'correction' as method,
        not exists (
            select 1 from touchpoints as t where t.feedback_id = c.feedback_id and t.touchpoint <> 'unlinked'
        ) as is_primary,
    from corrections as c
    anti join touchpoints as t on t.feedback_id = c.feedback_id and t.touchpoint = c.touchpoint
),

mentions as (
    select * from touchpoints
    where touchpoint <> 'unlinked' or feedback_id not in (select feedback_id from corrections)
    union all by name
    select * from missed
),

final as (
    select
        m.* replace (
            coalesce(c.sentiment_label, m.sentiment_label) as sentiment_label,
            coalesce(c.sentiment_score, m.sentiment_score) as sentiment_score
        ),
        c.feedback_id is not null as corrected,
        f.source_id,
        f.created_at,
    from mentions as m
    inner join feedback as f on f.feedback_id = m.feedback_id
    left join corrections as c on c.feedback_id = m.feedback_id and c.touchpoint = m.touchpoint
)

select * from final
