-- Real exports (issue 14): per-file outcome, field-level quarantine, record versions.

-- ops.files keeps every file tried: status loaded | failed (a failed file is retried next run),
-- the error, the encoding and the day/month rule used, and the file's row accounting:
-- rows_read = inserted + updated + unchanged + quarantined + stale_ignored.
alter table ops.files add column if not exists status varchar default 'loaded';
alter table ops.files add column if not exists error varchar;
alter table ops.files add column if not exists encoding varchar;
alter table ops.files add column if not exists date_rule varchar;
alter table ops.files add column if not exists inserted bigint;
alter table ops.files add column if not exists updated bigint;
alter table ops.files add column if not exists unchanged bigint;
alter table ops.files add column if not exists quarantined bigint;
alter table ops.files add column if not exists stale_ignored bigint;

-- row: the record was not loaded; field: the record loaded with that field set to NULL.
alter table ops.quarantine add column if not exists kind varchar default 'row';

-- Side fields (scores, updated_at) set to NULL because their value was invalid, comma-separated.
alter table core.feedback add column if not exists invalid_fields varchar;
-- Version of the stored record: its mapped updated_at, else its file's modification time (UTC);
-- an older version never replaces a newer one.
alter table core.feedback add column if not exists source_version timestamp;

-- Database sources: the largest incremental-cursor value loaded per source (JSON text).
create table if not exists ops.source_cursors (
    source varchar primary key,
    cursor_value varchar not null,
    load_id varchar not null,
    updated_at timestamp not null
);

-- One row per ingestion: whether it was degraded and why ("source: reason"), for the report's banner.
create table if not exists ops.ingest_loads (
    load_id varchar primary key,
    finished_at timestamp not null,
    status varchar not null,
    degraded json
);
