-- Typed, validated and deduplicated feedback rows of one input file.
-- Inputs: the loader's temp tables _ing_norm (one VARCHAR per column role, already redacted,
-- customer id already hashed, created_fast/updated_fast parsed by suara_fast_utc) and _ing_dates
-- (raw date value -> naive UTC, for the values DuckDB could not parse; see warehouse/dates.py).
-- Parameters: $source, $kind, $max_chars, $touchpoint, $min_date, $max_date, $file_version.
-- One row per input record. error_field / error_reason say why a whole row is rejected (only an
-- unusable id, text or date, or a duplicate id); field_errors lists side fields (scores, updated_at)
-- that were set to NULL while the row still loads.
with norm as (
    select * from _ing_norm
),

dates as (
    select * from _ing_dates
),

trimmed as (
    select
        norm.*,
        nullif(trim(id), '') as id_trim,
    from norm
),

cleaned as (
    select
        _line,
        -- ids: a float rendering of an integer (1001.0) is that integer; leading zeros stay (text ids)
        case
            when contains(id_trim, '.') and regexp_full_match(id_trim, '-?\d+\.0+') then split_part(id_trim, '.', 1)
            else id_trim
        end as source_id,
        coalesce(contains(id_trim, 'E+') or contains(id_trim, 'e+'), false) as id_enotation,
        nullif(trim(text), '') as text_full,
        raw_text,
        created_at as created_raw,
        created_fast,
        updated_at as updated_raw,
        updated_fast,
        nullif(trim(nps), '') as nps_raw,
        nullif(trim(csat), '') as csat_raw,
        nullif(trim(ces), '') as ces_raw,
        nullif(trim(rating), '') as rating_raw,
        nullif(trim(channel), '') as channel,
        coalesce(nullif(trim(touchpoint), ''), $touchpoint) as touchpoint_hint,
        customer_hash,
        metadata,
        record,
    from trimmed
),

parsed as (
    select
        cleaned.*,
        coalesce(created_fast, dc.utc) as created_parsed,
        coalesce(updated_fast, du.utc) as updated_parsed,
        try_cast(nps_raw as double) as nps_num,
        try_cast(csat_raw as double) as csat_num,
        try_cast(ces_raw as double) as ces_num,
        try_cast(rating_raw as double) as rating_num,
    from cleaned
    left join dates as dc on dc.raw = cleaned.created_raw
    left join dates as du on du.raw = cleaned.updated_raw
),

validated as (
    select
        *,
        created_parsed between $min_date and $max_date as date_in_range,
        nps_raw is not null and not coalesce(nps_num = floor(nps_num) and nps_num between 0 and 10, false) as nps_bad,
        csat_raw is not null and not coalesce(csat_num = floor(csat_num) and csat_num between 1 and 5, false) as csat_bad,
        ces_raw is not null and not coalesce(ces_num = floor(ces_num) and ces_num between 1 and 7, false) as ces_bad,
        rating_raw is not null
        and not coalesce(rating_num = floor(rating_num) and rating_num between 1 and 5, false) as rating_bad,
        updated_raw is not null and updated_parsed is null as updated_bad,
    from parsed
),

checked as (
    select
        *,
        case
            when source_id is null then 'id'
            when text_full is null then 'text'
            when not coalesce(date_in_range, false) then 'created_at'
        end as row_error_field,
        case
            when source_id is null then 'missing_id'
            when text_full is null then 'missing_text'
            when created_raw is null then 'missing_created_at'
            when created_parsed is null then 'unparseable_date'
            when not date_in_range then 'date_out_of_range'
        end as row_error_reason,
        case when nps_bad or csat_bad or ces_bad or rating_bad or updated_bad then list_filter([
            case when nps_bad then {'field': 'nps', 'reason': if(nps_num is null or nps_num <> floor(nps_num), 'invalid_score', 'score_out_of_range'), 'value': nps_raw} end,
            case when csat_bad then {'field': 'csat', 'reason': if(csat_num is null or csat_num <> floor(csat_num), 'invalid_score', 'score_out_of_range'), 'value': csat_raw} end,
            case when ces_bad then {'field': 'ces', 'reason': if(ces_num is null or ces_num <> floor(ces_num), 'invalid_score', 'score_out_of_range'), 'value': ces_raw} end,
            case when rating_bad then {'field': 'rating', 'reason': if(rating_num is null or rating_num <> floor(rating_num), 'invalid_score', 'score_out_of_range'), 'value': rating_raw} end,
            case when updated_bad then {'field': 'updated_at', 'reason': 'unparseable_date', 'value': updated_raw} end,
        ], lambda e: e is not null) end as field_errors,
        coalesce(updated_parsed, $file_version) as source_version,
    from validated
),

ranked as (
    select
        *,
        -- several rows with one id in one file: the newest version (then the latest date, then the
        -- last line) loads, the others are quarantined as duplicate_id
        row_error_field is null and row_number() over (
            partition by row_error_field is null, source_id
            order by source_version desc, created_parsed desc, _line desc
        ) > 1 as duplicate,
    from checked
),

final as (
    select
        _line,
        md5($source || '|' || source_id) as feedback_id,
        source_id,
        id_enotation,
        $kind as kind,
        if(date_in_range, created_parsed, null) as created_at,
        left(text_full, $max_chars) as text,
        coalesce(length(text_full) > $max_chars, false) as text_truncated,
        raw_text,
        if(nps_bad, null, nps_num::smallint) as nps,
        if(csat_bad, null, csat_num::smallint) as csat,
        if(ces_bad, null, ces_num::smallint) as ces,
        if(rating_bad, null, rating_num::smallint) as rating,
        channel,
        touchpoint_hint,
        customer_hash,
        metadata,
        record,
        array_to_string(list_transform(field_errors, lambda e: e.field), ',') as invalid_fields,
        field_errors,
        source_version,
        -- the mapped fields only: a change in unmapped (metadata) columns alone is not a new version.
        -- chr(31) separates fields, chr(30) stands for NULL
        md5(concat_ws(
            chr(31), $kind, source_id, created_parsed::varchar, left(text_full, $max_chars),
            coalesce(if(nps_bad, null, nps_num::smallint)::varchar, chr(30)),
            coalesce(if(csat_bad, null, csat_num::smallint)::varchar, chr(30)),
            coalesce(if(ces_bad, null, ces_num::smallint)::varchar, chr(30)),
            coalesce(if(rating_bad, null, rating_num::smallint)::varchar, chr(30)),
            coalesce(channel, chr(30)), coalesce(touchpoint_hint, chr(30)), coalesce(customer_hash, chr(30))
        )) as content_hash,
        if(duplicate, 'id', row_error_field) as error_field,
        if(duplicate, 'duplicate_id', row_error_reason) as error_reason,
        case
            when duplicate then source_id
            when row_error_field = 'created_at' then created_raw
        end as error_value,
    from ranked
)

select * from final
