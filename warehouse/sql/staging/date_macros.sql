-- suara_fast_utc(raw, enabled, offset_s, zone_name): naive UTC timestamp of an ISO-8601 value, else NULL.
-- DuckDB parses these in bulk; warehouse/dates.py reads the values this leaves, once per distinct value.
-- Values with a zone (Z, +07:00, +0700, +07) are converted; naive ones are local times of zone_name,
-- shifted by offset_s seconds when that zone's offset never changes (fast), else through ICU.
-- A zone suffix is only looked for past 19 characters, so '2024-11-05' never reads as an offset.
create or replace temp macro suara_fast_utc(raw, enabled, offset_s, zone_name) as
    case
        when not enabled or raw is null or not regexp_matches(raw, '^\d{4}-\d') then null
        when length(raw) > 19 and regexp_matches(raw, '(Z|[+-]\d\d(:?\d\d)?)$')
            then try_cast(raw as timestamptz) at time zone 'UTC'
        -- anything after the time (' UTC', ' WIB') would be silently ignored by the cast: leave it to Python
        when not regexp_full_match(raw, '\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?') then null
        when offset_s is not null then try_cast(raw as timestamp) - to_seconds(offset_s)
        else timezone('UTC', timezone(zone_name, try_cast(raw as timestamp)))
    end;
