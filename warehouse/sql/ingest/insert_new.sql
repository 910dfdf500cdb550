-- Insert the batch's new records into core.feedback. Parameters: $source, $load.
insert into core.feedback (
    feedback_id, source, source_id, kind, created_at, text, text_truncated, raw_text,
    nps, csat, ces, rating, channel, touchpoint_hint, customer_hash, metadata, content_hash,
    invalid_fields, source_version, first_load_id, last_load_id, ingested_at, updated_at
)
select
    feedback_id, $source, source_id, kind, created_at, text, text_truncated, raw_text,
    nps, csat, ces, rating, channel, touchpoint_hint, customer_hash, metadata, content_hash,
    nullif(invalid_fields, ''), source_version, $load, $load, current_timestamp, current_timestamp
from _ing_batch
where action = 'insert'
