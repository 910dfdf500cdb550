-- Record a finished (status 'loaded') or failed (status 'failed', retried next run) input file in ops.files,
-- with its encoding, day/month rule and row accounting, and drop its resume cursor.
-- Parameters: $hash, $source, $path, $size, $rows, $load, $status, $error, $encoding, $date_rule,
-- $inserted, $updated, $unchanged, $quarantined, $stale.
insert or replace into ops.files (
    file_hash, source, path, size_bytes, rows_read, load_id, loaded_at, status, error, encoding, date_rule,
    inserted, updated, unchanged, quarantined, stale_ignored
)
values (
    $hash, $source, $path, $size, $rows, $load, current_timestamp, $status, $error, $encoding, $date_rule,
    $inserted, $updated, $unchanged, $quarantined, $stale
);
