-- Final sentiment per item: the registered Arrow table `adapted_sentiment` (feedback_id, sentiment_label,
-- sentiment_score, model_label, origin), overridden by analyst corrections matched on (source, source_id).
insert into core.feedback_sentiment
with

adapted as (
    select * from adapted_sentiment
),

feedback as (
    select feedback_id, source, source_id from core.feedback
),

corrections as (
    select * from core.sentiment_corrections
),

final as (
    select
        a.feedback_id,
        coalesce(c.sentiment_label, a.sentiment_label) as sentiment_label,
        case c.sentiment_label
            when 'positive' then 1.0
            when 'negative' then -1.0
            when 'neutral' then 0.0
            else a.sentiment_score
        end as sentiment_score,
        a.model_label,
        case when c.source is not null then 'corrected' else a.origin end as origin,
        c.touchpoint,
        c.journey_stage,
        current_timestamp as updated_at,
    from adapted as a
    join feedback as f on f.feedback_id = a.feedback_id
    left join corrections as c on c.source = f.source and c.source_id = f.source_id
)

select * from final
