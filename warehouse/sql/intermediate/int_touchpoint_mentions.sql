-- int_touchpoint_mentions: one row per feedback item x touchpoint, even when a touchpoint is mentioned in
-- several clauses. journey_stage is null for 'unlinked' (it belongs to no stage), as in marts.feedback.
with

touchpoints as (
    select * from int_feedback_touchpoints
),

final as (
    select
        feedback_id,
        touchpoint,
        mode(journey_stage) as journey_stage,
        avg(sentiment_score) as sentiment_score,
        bool_or(sentiment_label = 'negative') as is_negative,
        bool_and(sentiment_label = 'positive') as is_positive,
    from touchpoints
    group by feedback_id, touchpoint
)

select * from final
