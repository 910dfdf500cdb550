-- marts.touchpoint_scorecard_segments: one row per touchpoint x journey stage x segment dimension x segment value
-- x period (week and month): the touchpoint scorecard broken down by the sources' segment dimensions.
with

mentions as (
    select * from int_touchpoint_mentions
),

periods as (
    select * from int_feedback_periods
),

segments as (
    select feedback_id, dimension, value from core.feedback_segments
),

joined as (
    select p.period_type, p.period, s.dimension, s.value, m.*, p.nps, p.csat, p.ces, p.rating,
    from mentions as m
    inner join periods as p on p.feedback_id = m.feedback_id
    inner join segments as s on s.feedback_id = m.feedback_id
),

final as (
    select
        period_type,
        period,
        touchpoint,
        journey_stage,
        dimension,
        value,
        count(*) as volume,
        avg(case when is_positive then 1.0 else 0.0 end) as positive_share,
        avg(case when is_negative then 1.0 else 0.0 end) as negative_share,
        nps_score(nps) as nps,
        count(nps) as nps_responses,
        csat_score(csat) as csat,
        count(csat) as csat_responses,
        ces_score(ces) as ces,
        rating_score(rating) as rating,
    from joined
    group by period_type, period, touchpoint, journey_stage, dimension, value
)

select * from final
