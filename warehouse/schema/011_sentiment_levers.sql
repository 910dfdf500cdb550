-- Analyst sentiment corrections and per-source class-prior adaptation (issue 13).

-- Analyst corrections, reloaded from the `corrections:` CSV on every marts build. Keyed by the record in
-- its source (not by text or model), so a correction survives re-ingestion and rescoring.
create table if not exists core.sentiment_corrections (
    source varchar not null,
    source_id varchar not null,
    sentiment_label varchar not null,         -- negative | neutral | positive
    touchpoint varchar,                       -- optional corrected primary touchpoint (taxonomy id)
    journey_stage varchar,                    -- stage of that touchpoint in the taxonomy
    file varchar not null,
    row_number bigint not null,               -- 1-based line in the CSV (header = 1)
    loaded_at timestamp not null,
    primary key (source, source_id)
);

-- Final sentiment per enriched item, rebuilt on every marts build: the model's, the model's adapted to
-- its source's class priors, or an analyst's correction (in that order of precedence, last wins).
create table if not exists core.feedback_sentiment (
    feedback_id varchar primary key,
    sentiment_label varchar not null,
    sentiment_score float not null,           -- p(positive) - p(negative); -1 / 0 / 1 for a correction
    model_label varchar not null,             -- the model's own label (core.enrichment)
    origin varchar not null,                  -- model | adapted | corrected
    touchpoint varchar,                       -- corrected primary touchpoint, else null
    journey_stage varchar,
    updated_at timestamp not null
);

-- What the prior adaptation decided per source at each marts build.
create table if not exists ops.sentiment_adaptation (
    decided_at timestamp not null,
    source varchar not null,
    applied boolean not null,
    method varchar not null,                  -- none | em | scores-checked
    n_items bigint not null,
    n_weak bigint not null,                   -- items with an extreme score used as weak labels
    damping double not null,
    prior_negative double not null,
    prior_neutral double not null,
    prior_positive double not null,
    agreement_off double,                     -- macro-F1 vs weak labels on held-back items, adaptation off
    agreement_on double,
    changed bigint not null,                  -- items whose label the adaptation changed
    reason varchar not null
);
