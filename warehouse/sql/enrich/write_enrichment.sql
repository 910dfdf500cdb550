-- Upsert one batch of enrichment rows from the registered Arrow table `enrich_batch`.
insert or replace into core.enrichment (
    feedback_id, content_hash, language, language_mixed, language_confidence, text_norm, text_hash,
    embedding_model, sentiment_label, sentiment_score, p_negative, p_neutral, p_positive, sentiment_model,
    enriched_at
)
select
    batch.feedback_id,
    batch.content_hash,
    batch.language,
    batch.language_mixed,
    batch.language_confidence,
    batch.text_norm,
    batch.text_hash,
    batch.embedding_model,
    batch.sentiment_label,
    batch.sentiment_score,
    batch.p_negative,
    batch.p_neutral,
    batch.p_positive,
    batch.sentiment_model,
    current_timestamp,
from enrich_batch as batch
