-- Enriched feedback items whose touchpoint links are missing or stale (content or taxonomy changed).
-- Parameter $taxonomy_hash: the current link key.
with

feedback as (
    select feedback_id, content_hash, kind, channel, touchpoint_hint from core.feedback
),

enrichment as (
    select
        feedback_id, content_hash, text_norm, text_hash, sentiment_label, sentiment_score,
        least(p_negative, p_positive) as two_sided,
    from core.enrichment
),

linked as (
    select feedback_id, content_hash, taxonomy_hash
    from core.feedback_touchpoints
    where is_primary
),

final as (
    select
        f.feedback_id,
        f.content_hash,
        f.kind,
        f.channel,
        f.touchpoint_hint,
        e.text_norm,
        e.text_hash,
        e.sentiment_label,
        e.sentiment_score,
        e.two_sided,
    from feedback as f
    inner join enrichment as e on e.feedback_id = f.feedback_id and e.content_hash = f.content_hash
    left join linked as l on l.feedback_id = f.feedback_id
    where l.feedback_id is null
        or l.content_hash <> f.content_hash
        or l.taxonomy_hash <> $taxonomy_hash
)

select * from final
order by feedback_id
