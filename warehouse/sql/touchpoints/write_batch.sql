-- Replace the links of one batch of items with the rows of the registered frame tp_batch.
delete from core.feedback_touchpoints
where feedback_id in (select distinct feedback_id from tp_batch);

insert into core.feedback_touchpoints
select
    feedback_id,
    touchpoint,
    journey_stage,
    confidence,
    sentiment_label,
    sentiment_score,
    evidence,
    method,
    is_primary,
    content_hash,
    taxonomy_hash,
    current_timestamp as linked_at,
from tp_batch;
