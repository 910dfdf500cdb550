-- Every feedback item with an NPS answer, with its week and month (the NPS baseline of each period).
with

feedback as (
    select feedback_id, created_at, nps from core.feedback where nps is not null
),

final as (
    select
        feedback_id,
        nps,
        cast(date_trunc('week', created_at) as date) as week,
        cast(date_trunc('month', created_at) as date) as month,
    from feedback
)

select * from final
