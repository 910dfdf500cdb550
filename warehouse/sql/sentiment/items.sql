-- Every enriched feedback item with the model's probabilities and the scores usable as weak labels.
with

feedback as (
    select * from core.feedback
),

enrichment as (
    select * from core.enrichment
),

final as (
    select
        f.feedback_id,
        f.source,
        f.rating,
        f.csat,
        f.nps,
        e.sentiment_label as model_label,
        e.sentiment_score as model_score,
        e.p_negative,
        e.p_neutral,
        e.p_positive,
    from feedback as f
    join enrichment as e on e.feedback_id = f.feedback_id
)

select * from final order by source, feedback_id
