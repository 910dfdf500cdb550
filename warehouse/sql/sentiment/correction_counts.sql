-- Corrections loaded, and how many of them matched a feedback item.
with

corrections as (
    select * from core.sentiment_corrections
),

feedback as (
    select source, source_id from core.feedback
),

final as (
    select
        count(*) as loaded,
        count(f.source_id) as matched,
    from corrections as c
    left join feedback as f on f.source = c.source and f.source_id = c.source_id
)

select * from final
