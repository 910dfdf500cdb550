-- int_settings: the run's settings the intermediate models read (one row). Parameter: $timezone (report.timezone).
create or replace temp table int_settings as
select cast($timezone as varchar) as report_timezone
