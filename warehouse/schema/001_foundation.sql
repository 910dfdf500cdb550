-- Foundation: landing, core feedback, operations.
create schema if not exists raw;
create schema if not exists core;
create schema if not exists ops;
create schema if not exists marts;

-- Every file seen by ingestion, keyed by content hash: the same file dropped twice is skipped.
create table if not exists ops.files (
    file_hash varchar not null,
    source varchar not null,
    path varchar not null,
    size_bytes bigint,
    rows_read bigint,
    load_id varchar not null,
    loaded_at timestamp not null,
    primary key (source, file_hash)
);

-- Raw landing: append-only, one row per input record as read (already redacted), tagged with its load.
create table if not exists raw.landing (
    load_id varchar not null,
    source varchar not null,
    file varchar not null,
    row_number bigint not null,
    record json not null,
    landed_at timestamp not null
);

-- Rejected input: nothing is lost, every row says why.
create table if not exists ops.quarantine (
    load_id varchar not null,
    source varchar not null,
    file varchar,
    row_number bigint,
    field varchar,
    reason varchar not null,
    value varchar,
    record json,
    quarantined_at timestamp not null
);

-- One row per feedback item (latest content wins), text redacted.
create table if not exists core.feedback (
    feedback_id varchar primary key,          -- md5(source || id): stable across loads
    source varchar not null,
    source_id varchar not null,
    kind varchar not null,
    created_at timestamp not null,
    text varchar not null,                    -- redacted, possibly cut to ingest.max_text_chars
    text_truncated boolean not null default false,
    raw_text varchar,                         -- only when ingest.keep_raw_text is set
    nps smallint,
    csat smallint,
    ces smallint,
    rating smallint,
    channel varchar,
    touchpoint_hint varchar,
    customer_hash varchar,
    metadata json,
    content_hash varchar not null,            -- changes when the record's content changes
    first_load_id varchar not null,
    last_load_id varchar not null,
    ingested_at timestamp not null,
    updated_at timestamp not null
);

-- One row per run of any command.
create table if not exists ops.runs (
    run_id varchar primary key,
    command varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,                  -- running | success | failed
    counts json,
    timings json,
    model_versions json,
    quality json,
    error varchar
);
