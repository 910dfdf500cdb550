-- int_period_mentions: one row per feedback item x touchpoint x period type: each touchpoint mention with the
-- period its item falls in and the item's scores. What the period marts that aggregate mentions read
-- (pain points, the touchpoint scorecard and its segment breakdown).
with

mentions as (
    select * from int_touchpoint_mentions
),

periods as (
    select feedback_id, period_type, period, nps, csat, ces, rating from int_feedback_periods
),

final as (
    select p.period_type, p.period, m.*, p.nps, p.csat, p.ces, p.rating,
    from mentions as m
    inner join periods as p on p.feedback_id = m.feedback_id
)

select * from final
