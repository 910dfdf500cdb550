-- Record one finished ingestion (status success | degraded, the reasons as a JSON list). Parameters: $load,
-- $status, $degraded.
insert or replace into ops.ingest_loads (load_id, finished_at, status, degraded)
values ($load, current_timestamp, $status, $degraded);
