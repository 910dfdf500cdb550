-- Typed, validated and deduplicated feedback rows of one input file.
-- Input: the loader's temp table _ing_norm (one VARCHAR per column role, already redacted,
-- customer id already hashed). Parameters: $source, $kind, $max_chars, $touchpoint.
-- One row per input record; error_field / error_reason say why a row is rejected,
-- superseded marks an earlier copy of an id that appears again in the same file.
with norm as (
    select * from _ing_norm
),

cleaned as (
    select
        _line,
        nullif(trim(id), '') as source_id,
        nullif(trim(text), '') as text_full,
        raw_text,
        nullif(trim(created_at), '') as created_raw,
        nullif(trim(nps), '') as nps_raw,
        nullif(trim(csat), '') as csat_raw,
        nullif(trim(ces), '') as ces_raw,
        nullif(trim(rating), '') as rating_raw,
        nullif(trim(channel), '') as channel,
        coalesce(nullif(trim(touchpoint), ''), $touchpoint) as touchpoint_hint,
        customer_hash,
        metadata,
        record,
    from norm
),

parsed as (
    select
        *,
        -- cheap length tests first: most rows take the plain cast
        case
            when length(created_raw) > 19 and regexp_matches(created_raw, '(Z|[+-]\d\d:?\d\d)$')
                then try_cast(created_raw as timestamptz) at time zone 'UTC'
            when length(created_raw) in (9, 10, 12, 13) and regexp_full_match(created_raw, '\d+')
                then epoch_ms(created_raw::bigint * if(length(created_raw) <= 10, 1000, 1))
            else coalesce(
                try_cast(created_raw as timestamp),
                try_strptime(
                    created_raw,
                    ['%d/%m/%Y', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%Y/%m/%d', '%Y/%m/%d %H:%M:%S']
                )
            )
        end as created_parsed,
        try_cast(nps_raw as double) as nps_num,
        try_cast(csat_raw as double) as csat_num,
        try_cast(ces_raw as double) as ces_num,
        try_cast(rating_raw as double) as rating_num,
    from cleaned
),

checked as (
    select
        *,
        case when year(created_parsed) between 1990 and 2100 then created_parsed end as created_at,
        case
            when source_id is null then 'id'
            when text_full is null then 'text'
            when not coalesce(year(created_parsed) between 1990 and 2100, false) then 'created_at'
            when nps_raw is not null and not coalesce(nps_num = floor(nps_num) and nps_num between 0 and 10, false)
                then 'nps'
            when csat_raw is not null and not coalesce(csat_num = floor(csat_num) and csat_num between 1 and 5, false)
                then 'csat'
            when ces_raw is not null and not coalesce(ces_num = floor(ces_num) and ces_num between 1 and 7, false)
                then 'ces'
            when rating_raw is not null
                and not coalesce(rating_num = floor(rating_num) and rating_num between 1 and 5, false)
                then 'rating'
        end as error_field,
    from parsed
),

explained as (
    select
        *,
        case error_field
            when 'id' then 'missing_id'
            when 'text' then 'missing_text'
            when 'created_at' then if(created_raw is null, 'missing_created_at', 'unparseable_date')
            when 'nps' then if(nps_num is null or nps_num <> floor(nps_num), 'invalid_score', 'score_out_of_range')
            when 'csat' then if(csat_num is null or csat_num <> floor(csat_num), 'invalid_score', 'score_out_of_range')
            when 'ces' then if(ces_num is null or ces_num <> floor(ces_num), 'invalid_score', 'score_out_of_range')
            when 'rating' then if(rating_num is null or rating_num <> floor(rating_num), 'invalid_score', 'score_out_of_range')
        end as error_reason,
        case error_field
            when 'created_at' then created_raw
            when 'nps' then nps_raw
            when 'csat' then csat_raw
            when 'ces' then ces_raw
            when 'rating' then rating_raw
        end as error_value,
    from checked
),

final as (
    select
        _line,
        md5($source || '|' || source_id) as feedback_id,
        source_id,
        $kind as kind,
        created_at,
        left(text_full, $max_chars) as text,
        coalesce(length(text_full) > $max_chars, false) as text_truncated,
        raw_text,
        nps_num::smallint as nps,
        csat_num::smallint as csat,
        ces_num::smallint as ces,
        rating_num::smallint as rating,
        channel,
        touchpoint_hint,
        customer_hash,
        metadata,
        record,
        -- chr(31) separates fields, chr(30) stands for NULL
        md5(concat_ws(
            chr(31), $kind, source_id, created_at::varchar, left(text_full, $max_chars),
            coalesce(nps_num::smallint::varchar, chr(30)), coalesce(csat_num::smallint::varchar, chr(30)),
            coalesce(ces_num::smallint::varchar, chr(30)), coalesce(rating_num::smallint::varchar, chr(30)),
            coalesce(channel, chr(30)), coalesce(touchpoint_hint, chr(30)), coalesce(customer_hash, chr(30)),
            coalesce(metadata::varchar, chr(30))
        )) as content_hash,
        error_field,
        error_reason,
        error_value,
        error_field is null and row_number() over (
            partition by error_field is null, source_id order by created_at desc, _line desc
        ) > 1 as superseded,
    from explained
)

select * from final
