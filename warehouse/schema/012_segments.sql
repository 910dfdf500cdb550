-- Segment dimensions of feedback items (issue 16): one row per item x dimension, typed (not only JSON metadata).
-- Filled from each source's `segments: {dimension: column}` mapping every marts build (warehouse/segments.py).
create table if not exists core.feedback_segments (
    feedback_id varchar not null,
    dimension varchar not null,               -- dimension name from the config, shared across sources
    value varchar not null,                   -- the item's value in that dimension (trimmed text)
    primary key (feedback_id, dimension)
);
