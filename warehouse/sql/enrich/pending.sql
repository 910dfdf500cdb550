-- Feedback items that need enrichment: never enriched, changed since (content_hash differs),
-- or every item when $rescore is true. Callers page through it by feedback_id.
with

feedback as (
    select feedback_id, content_hash, text from core.feedback
),

enriched as (
    select feedback_id, content_hash from core.enrichment
),

final as (
    select
        feedback.feedback_id,
        feedback.content_hash,
        feedback.text,
    from feedback
    left join enriched on enriched.feedback_id = feedback.feedback_id
    where $rescore
        or enriched.feedback_id is null
        or enriched.content_hash <> feedback.content_hash
)

select * from final
