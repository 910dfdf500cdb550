-- Ingestion bookkeeping: file hashes on landing/quarantine rows and a per-file resume cursor.
alter table raw.landing add column if not exists file_hash varchar;
alter table ops.quarantine add column if not exists file_hash varchar;

-- Last input line committed for a file still being loaded; a run killed mid-file resumes after it.
-- The row is removed in the same transaction that records the finished file in ops.files.
create table if not exists ops.file_progress (
    source varchar not null,
    file_hash varchar not null,
    path varchar not null,
    last_line bigint not null,
    load_id varchar not null,
    updated_at timestamp not null,
    primary key (source, file_hash)
);
