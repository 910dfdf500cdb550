-- Linked and unlinked touchpoint mentions with the text an analyst may quote (redacted) and the item's
-- embedding, for `suara taxonomy suggest`. Parameter $model_id: the embedding model of the vectors.
with

mentions as (
    select feedback_id, touchpoint, evidence, is_primary
    from core.feedback_touchpoints
),

feedback as (
    select feedback_id, text from core.feedback
),

enrichment as (
    select feedback_id, text_norm, text_hash from core.enrichment
),

vectors as (
    select text_hash, vector from core.embeddings where model_id = $model_id
),

final as (
    select
        m.feedback_id,
        m.touchpoint,
        m.is_primary,
        coalesce(m.evidence, e.text_norm) as evidence,
        f.text,
        v.vector,
    from mentions as m
    inner join feedback as f on f.feedback_id = m.feedback_id
    inner join enrichment as e on e.feedback_id = m.feedback_id
    left join vectors as v on v.text_hash = e.text_hash
)

select * from final
order by feedback_id, touchpoint
