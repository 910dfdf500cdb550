-- Journey touchpoint links: one row per feedback item x touchpoint mention.
-- Every linked item has exactly one is_primary row; an item with no link above the threshold has a
-- single 'unlinked' row (is_primary), so every processed item appears here.
create table if not exists core.feedback_touchpoints (
    feedback_id varchar not null,
    touchpoint varchar not null,               -- taxonomy touchpoint id, or 'unlinked'
    journey_stage varchar,                     -- stage of the touchpoint; null for 'unlinked'
    confidence float not null,                 -- 0..1; for 'unlinked' the best confidence that fell short
    sentiment_label varchar,                   -- negative | neutral | positive: the linking clause's
    sentiment_score float,                     -- -1..1, of the linking clause
    evidence varchar,                          -- the clause that links it; null for hint-only links
    method varchar not null,                   -- embedding | keyword | embedding+keyword | hint | channel | none
    is_primary boolean not null,
    content_hash varchar not null,             -- core.feedback.content_hash the link was computed from
    taxonomy_hash varchar not null,            -- taxonomy file + threshold + model + linker version
    linked_at timestamp not null
);
