-- Feedback items that cannot be linked yet: not enriched, or enriched from older content.
with

feedback as (
    select feedback_id, content_hash from core.feedback
),

enrichment as (
    select feedback_id, content_hash from core.enrichment
),

final as (
    select count(*) as waiting
    from feedback as f
    left join enrichment as e on e.feedback_id = f.feedback_id and e.content_hash = f.content_hash
    where e.feedback_id is null
)

select * from final
