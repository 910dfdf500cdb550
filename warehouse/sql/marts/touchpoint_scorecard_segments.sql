-- marts.touchpoint_scorecard_segments: one row per touchpoint x journey stage x segment dimension x segment value
-- x period (week and month): the touchpoint scorecard broken down by the sources' segment dimensions.
with

scores as (
    select * from int_touchpoint_scores where dimension <> '*'
),

final as (
    -- the scorecard's columns with the breakdown, less three this mart has never carried
    select * exclude (neutral_share, mean_sentiment, ces_responses),
    from scores
)

select * from final
