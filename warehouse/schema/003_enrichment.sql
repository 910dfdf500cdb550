-- Enrichment: language, normalised text, cached embeddings and sentiment per feedback item.

-- Embedding cache: a text is embedded once, ever, per model. text_hash is the hash of the exact
-- string that was embedded (the normalised text by default), so identical texts share one row.
create table if not exists core.embeddings (
    text_hash varchar not null,
    model_id varchar not null,                -- embedding backend + variant + numeric format
    vector float[] not null,                  -- L2-normalised
    created_at timestamp not null,
    primary key (text_hash, model_id)
);

-- One row per enriched feedback item; content_hash is the feedback's at enrichment time, so a
-- changed item (different content_hash in core.feedback) is enriched again.
create table if not exists core.enrichment (
    feedback_id varchar primary key,
    content_hash varchar not null,
    language varchar not null,                -- ISO 639-1 code, or 'und' when too short to tell
    language_mixed boolean not null,          -- Indonesian with a substantial share of English
    language_confidence float not null,
    text_norm varchar not null,               -- normalised text (the stored text stays as written)
    text_hash varchar not null,               -- key into core.embeddings
    embedding_model varchar not null,
    sentiment_label varchar not null,         -- negative | neutral | positive
    sentiment_score float not null,           -- p(positive) - p(negative), -1..1
    p_negative float not null,
    p_neutral float not null,
    p_positive float not null,
    sentiment_model varchar not null,
    enriched_at timestamp not null
);
