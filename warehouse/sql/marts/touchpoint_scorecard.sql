-- marts.touchpoint_scorecard: one row per touchpoint x journey stage x period (week and month).
with

scores as (
    select * from int_touchpoint_scores where dimension = '*'
),

final as (
    select * exclude (dimension, value),
    from scores
)

select * from final
