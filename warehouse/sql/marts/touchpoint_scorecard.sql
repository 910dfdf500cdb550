-- marts.touchpoint_scorecard: one row per touchpoint x journey stage x period (week and month).
with

feedback as (
    select feedback_id, created_at, nps, csat, ces, rating from core.feedback
),

touchpoints as (
    select * from core.feedback_touchpoints
),

mentions as (
    -- one row per item x touchpoint, even when a touchpoint is mentioned in several clauses
    select
        feedback_id,
        touchpoint,
        coalesce(mode(journey_stage), 'none') as journey_stage,
        avg(sentiment_score) as sentiment_score,
        bool_or(sentiment_label = 'negative') as is_negative,
        bool_and(sentiment_label = 'positive') as is_positive,
    from touchpoints
    group by feedback_id, touchpoint
),

joined as (
    select m.*, f.created_at, f.nps, f.csat, f.ces, f.rating,
    from mentions as m
    inner join feedback as f on f.feedback_id = m.feedback_id
),

by_period as (
    select 'week' as period_type, cast(date_trunc('week', created_at) as date) as period, * from joined
    union all
    select 'month' as period_type, cast(date_trunc('month', created_at) as date) as period, * from joined
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
        100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6))
            / nullif(count(nps), 0) as nps,
        count(nps) as nps_responses,
        1.0 * count(*) filter (where csat >= 4) / nullif(count(csat), 0) as csat,
        count(csat) as csat_responses,
        avg(ces) as ces,
        count(ces) as ces_responses,
        avg(rating) as rating,
    from by_period
    group by period_type, period, touchpoint, journey_stage
)

select * from final
