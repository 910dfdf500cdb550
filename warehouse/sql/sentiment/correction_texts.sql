-- Stored text and corrected label of every corrected item (registered Arrow table `corrections_given`: source, source_id, label).
with

corrections as (
    select * from corrections_given
),

feedback as (
    select source, source_id, text from core.feedback
),

final as (
    select
        f.text,
        c.label,
    from corrections as c
    join feedback as f on f.source = c.source and f.source_id = c.source_id
)

select * from final order by text
