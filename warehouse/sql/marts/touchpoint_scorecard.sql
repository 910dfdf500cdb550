-- marts.touchpoint_scorecard: one row per touchpoint x journey stage x period (week and month).
with

mentions as (
    select * from int_touchpoint_mentions
),

periods as (
    select * from int_feedback_periods
),

joined as (
    select p.period_type, p.period, m.*, p.nps, p.csat, p.ces, p.rating,
    from mentions as m
    inner join periods as p on p.feedback_id = m.feedback_id
),

final as (
    select
        period_type,
        period,
        touchpoint,
        journey_stage,
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
    from joined
    group by period_type, period, touchpoint, journey_stage
)

select * from final
