-- suara_fast_utc(raw, enabled, offset_s, zone_name): naive UTC timestamp of an ISO-8601 value, else NULL.
-- DuckDB parses these in bulk; warehouse/dates.py reads the values this leaves, once per distinct value.
-- Values with a zone (Z, +07:00, +0700, +07) are converted; naive ones are local times of zone_name,
-- shifted by offset_s seconds when that zone's offset never changes (fast), else through ICU.
-- A zone suffix is only looked for past 19 characters, so '2024-11-05' never reads as an offset.
-- Cheap character tests instead of regular expressions: this runs on every row.
create or replace temp macro suara_fast_utc(raw, enabled, offset_s, zone_name) as
    case
        when not enabled or raw is null or length(raw) < 10 or raw[5] <> '-' or not (raw[1] between '0' and '9')
            then null
        when length(raw) > 19 and (raw[-1] = 'Z' or regexp_matches(raw, '[+-]\d\d(:?\d\d)?$'))
            then try_cast(raw as timestamptz) at time zone 'UTC'
        -- the cast silently ignores trailing words (' UTC', ' WIB'): leave values not ending in a digit to Python
        when not (raw[-1] between '0' and '9') then null
        when offset_s is not null then try_cast(raw as timestamp) - to_seconds(offset_s)
        else timezone('UTC', timezone(zone_name, try_cast(raw as timestamp)))
    end;
