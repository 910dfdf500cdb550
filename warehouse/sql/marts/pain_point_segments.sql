-- marts.pain_point_segments: one row per theme x touchpoint x segment dimension x segment value x period.
-- share_of_pain_point = the value's share of the pain point's items that carry the dimension;
-- share_of_all = the value's share of all feedback of the period that carries the dimension; lift = their ratio.
-- p_value and significant are filled after the build by warehouse/segments.py (exact binomial test, BH-corrected).
with

segments as (
    select feedback_id, dimension, value from core.feedback_segments
),

mentions as (
    select feedback_id, touchpoint, is_negative from int_touchpoint_mentions
),

memberships as (
    select feedback_id, theme_id, touchpoint, period_type, period from int_theme_memberships where touchpoint <> '*'
),

periods as (
    select feedback_id, period_type, period from int_feedback_periods
),

items as (
    select ms.*, m.is_negative,
    from memberships as ms
    inner join mentions as m on m.feedback_id = ms.feedback_id and m.touchpoint = ms.touchpoint
),

all_values as (
    select p.period_type, p.period, s.dimension, s.value, count(*) as items,
    from periods as p
    inner join segments as s on s.feedback_id = p.feedback_id
    group by all
),

all_dimensions as (
    select period_type, period, dimension, sum(items) as items,
    from all_values
    group by all
),

pain_point_values as (
    select
        i.period_type,
        i.period,
        i.theme_id,
        i.touchpoint,
        s.dimension,
        s.value,
        count(*) as volume,
        avg(case when i.is_negative then 1.0 else 0.0 end) as negative_share,
    from items as i
    inner join segments as s on s.feedback_id = i.feedback_id
    group by all
),

pain_point_dimensions as (
    select period_type, period, theme_id, touchpoint, dimension, sum(volume) as items,
    from pain_point_values
    group by all
),

final as (
    select
        v.period_type,
        v.period,
        v.theme_id,
        v.touchpoint,
        v.dimension,
        v.value,
        v.volume,
        v.negative_share,
        d.items as pain_point_items,
        v.volume / d.items as share_of_pain_point,
        a.items / ad.items as share_of_all,
        (v.volume / d.items) / (a.items / ad.items) as lift,
        cast(null as double) as p_value,
        false as significant,
    from pain_point_values as v
    inner join pain_point_dimensions as d using (period_type, period, theme_id, touchpoint, dimension)
    inner join all_values as a using (period_type, period, dimension, value)
    inner join all_dimensions as ad using (period_type, period, dimension)
)

select * from final
order by period_type, period, theme_id, touchpoint, dimension, volume desc
