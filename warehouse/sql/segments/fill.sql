-- Segment values of one source and dimension: the mapped column from the record's metadata (unmapped columns),
-- or the `channel` role when the dimension's column is the one mapped to it.
-- Parameters: $source, $dimension, $path (JSON path of the column), $use_channel.
insert or replace into core.feedback_segments
with

feedback as (
    select feedback_id, metadata, channel from core.feedback where source = $source
),

values_ as (
    select
        feedback_id,
        nullif(trim(coalesce(
            json_extract_string(metadata, $path),
            case when $use_channel then channel end
        )), '') as value,
    from feedback
),

final as (
    select feedback_id, $dimension as dimension, value from values_ where value is not null
)

select * from final
