-- int_touchpoint_scores: one row per touchpoint x journey stage x segment dimension x segment value x period
-- (week and month); dimension and value '*' stand for every item (no breakdown). The scorecard's measures,
-- written once for marts.touchpoint_scorecard ('*' rows) and marts.touchpoint_scorecard_segments (the others).
with

mentions as (
    select * from int_period_mentions
),

segments as (
    select * from core.feedback_segments
),

segmented as (
    select m.*, s.dimension, s.value,
    from mentions as m
    inner join segments as s on s.feedback_id = m.feedback_id
    union all
    select *, '*' as dimension, '*' as value,
    from mentions
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
        avg(case when not is_positive and not is_negative then 1.0 else 0.0 end) as neutral_share,
        avg(case when is_negative then 1.0 else 0.0 end) as negative_share,
        avg(sentiment_score) as mean_sentiment,
        nps_score(nps) as nps,
        count(nps) as nps_responses,
        csat_score(csat) as csat,
        count(csat) as csat_responses,
        ces_score(ces) as ces,
        count(ces) as ces_responses,
        rating_score(rating) as rating,
    from segmented
    group by period_type, period, touchpoint, journey_stage, dimension, value
)

select * from final
