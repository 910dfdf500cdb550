-- A run ends (or records its figures so far): status, figures as JSON text, the failure reason.
update ops.runs
set
    finished_at = current_timestamp,
    status = $status,
    counts = $counts,
    timings = $timings,
    model_versions = $model_versions,
    quality = $quality,
    error = $error
where run_id = $run_id
