-- One committed batch of an input file: its loadable staging rows (lo < _line <= hi) and what the
-- merge does with each (write mode: merge on feedback_id).
-- action: insert (new record) | unchanged (same content) | stale (an older version than the stored one:
-- ignored, so an old export arriving late never reverts an edit) | update (newer or same version, changed).
-- Parameters: $lo, $hi.
with staged as (
    select * from _ing_stg
    where _line > $lo and _line <= $hi and error_field is null
),

stored as (
    select
        feedback_id,
        content_hash,
        source_version,
    from core.feedback
),

final as (
    select
        staged.*,
        stored.source_version as stored_version,
        case
            when stored.feedback_id is null then 'insert'
            when stored.content_hash = staged.content_hash then 'unchanged'
            when staged.source_version < stored.source_version then 'stale'
            else 'update'
        end as action,
    from staged
    left join stored on stored.feedback_id = staged.feedback_id
)

select * from final
