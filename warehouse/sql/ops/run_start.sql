-- A run begins: one `running` row in ops.runs. Parameters: run_id, command.
insert into ops.runs (run_id, command, started_at, status)
values ($run_id, $command, current_timestamp, 'running')
