-- Feedback items ready for theme modelling: current enrichment and a cached embedding.
-- One row per feedback item; doc is the normalised text c-TF-IDF runs on; complaint_touchpoint is the
-- touchpoint of its first negative mention (primary first, then by confidence), else its primary link
-- (null when unlinked): the theme partition's touchpoint channel.
with

feedback as (
    select feedback_id, created_at, text, content_hash from core.feedback
),

enrichment as (
    select feedback_id, content_hash, language, text_norm, text_hash, embedding_model, sentiment_label,
    from core.enrichment
),

embeddings as (
    select text_hash, model_id, vector from core.embeddings
),

mentions as (
    select
        feedback_id,
        content_hash,
        touchpoint,
        row_number() over (
            partition by feedback_id, content_hash
            order by coalesce(sentiment_label = 'negative', false) desc, is_primary desc, confidence desc, touchpoint
        ) as pick,
    from core.feedback_touchpoints
    where touchpoint <> 'unlinked'
),

final as (
    select
        f.feedback_id,
        f.created_at,
        f.content_hash,
        f.text,
        coalesce(nullif(e.text_norm, ''), f.text) as doc,
        coalesce(e.language, 'unknown') as language,
        e.sentiment_label,
        v.vector,
        m.touchpoint as complaint_touchpoint,
    from feedback as f
    inner join enrichment as e on e.feedback_id = f.feedback_id and e.content_hash = f.content_hash
    inner join embeddings as v on v.text_hash = e.text_hash and v.model_id = e.embedding_model
    left join mentions as m on m.feedback_id = f.feedback_id and m.content_hash = f.content_hash and m.pick = 1
)

select * from final
