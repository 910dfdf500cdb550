-- Replace stored records by the batch's newer versions. Parameter: $load.
update core.feedback as f
set
    kind = b.kind,
    created_at = b.created_at,
    text = b.text,
    text_truncated = b.text_truncated,
    raw_text = b.raw_text,
    nps = b.nps,
    csat = b.csat,
    ces = b.ces,
    rating = b.rating,
    channel = b.channel,
    touchpoint_hint = b.touchpoint_hint,
    customer_hash = b.customer_hash,
    metadata = b.metadata,
    content_hash = b.content_hash,
    invalid_fields = nullif(b.invalid_fields, ''),
    source_version = b.source_version,
    last_load_id = $load,
    updated_at = current_timestamp
from _ing_batch as b
where f.feedback_id = b.feedback_id and b.action = 'update'
