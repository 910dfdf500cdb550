-- Table macro `enrich_pending(rescore)`: feedback items that need enrichment: never enriched,
-- changed since (content_hash differs), or every item when `rescore` is true.
-- Created per connection (temp); `enrich/page.sql` and `enrich/count_pending.sql` read it.
create or replace temp macro enrich_pending(rescore) as table

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
    where rescore
        or enriched.feedback_id is null
        or enriched.content_hash <> feedback.content_hash
)

select * from final
