-- Significant segment concentrations of the pain points in one month (marts.pain_point_segments), strongest
-- first, at most two per pain point: "62% from Sumatera Utara vs 9% of all feedback". The report tests the month
-- holding its period: a partial week rarely has the items a test needs.
-- Parameters: period type ('month'), period (date, first day of the month).
with

params as (
    select cast(? as varchar) as period_type, cast(? as date) as period,
),

segments as (
    select s.* from {segments} as s cross join params as x
    where s.period_type = x.period_type and s.period = x.period and s.significant
),

final as (
    select
        theme_id,
        touchpoint,
        dimension,
        value,
        volume,
        share_of_pain_point,
        share_of_all,
    from segments
    qualify row_number() over (
        partition by theme_id, touchpoint order by share_of_pain_point - share_of_all desc, dimension, value
    ) <= 2
)

select * from final
order by theme_id, touchpoint, share_of_pain_point - share_of_all desc
