-- Pain points of the latest period of one period type in marts.pain_points, with theme details.
-- The sentiment split comes from the mart's shares; items in the window fill in when they are absent.
-- top_candidate: whether the row may be listed as a top pain point (issue 11): the mart's is_pain_point (never
-- the 'unlinked' touchpoint, a row without complaint or mostly praised, or a row of a mostly-positive theme whose
-- complaints have no label of their own). Marts built before that column: the older rule from the shares.
-- Parameters: period type ('week' | 'month'), current window start, next window start (timestamps).
with

params as (
    select cast(? as varchar) as period_type, cast(? as timestamp) as current_start, cast(? as timestamp) as next_start,
),

pain_points as (
    select p.* from {pain_points} as p cross join params as x
    where p.period_type = x.period_type or p.period_type is null
),

themes as (
    select * from {themes}
),

feedback as (
    select f.* from {feedback} as f cross join params as x
    where f.created_at >= x.current_start and f.created_at < x.next_start
),

latest as (
    select * from pain_points
    where period = (select max(period) from pain_points)
),

mix as (
    select
        theme_id,
        touchpoint,
        count(*) filter (where sentiment_label = 'positive') as positive,
        count(*) filter (where sentiment_label = 'neutral') as neutral,
        count(*) filter (where sentiment_label = 'negative') as negative,
    from feedback
    group by all
),

final as (
    select
        p.period,
        p.theme_id,
        -- a pain point's label is its theme's complaints' (marts.pain_points.theme_label), never the theme's praise
        coalesce(p.theme_label, t.label, 'Theme ' || p.theme_id) as label,
        coalesce(t.status = 'new' or t.new_this_week, false) as is_new,
        p.touchpoint,
        p.journey_stage,
        p.volume,
        p.negative_share,
        p.nps_responses,
        p.nps_impact,
        p.nps_impact_low,
        p.nps_impact_high,
        coalesce(p.impact, p.nps_impact) as impact,
        case when p.impact is null then p.nps_impact_low else p.impact_low end as impact_low,
        case when p.impact is null then p.nps_impact_high else p.impact_high end as impact_high,
        coalesce(p.impact_metric, case when p.nps_impact is not null then 'nps' end) as impact_metric,
        p.trend,
        coalesce(p.emerging, false) as emerging,
        p.rank,
        coalesce(p.is_pain_point, coalesce(p.touchpoint, 'unlinked') <> 'unlinked'
            and not coalesce(p.positive_share > p.negative_share, false)
            and not coalesce(t.positive_share > t.negative_share, false)) as top_candidate,
        coalesce(p.volume * p.positive_share, m.positive, 0) as positive,
        coalesce(p.volume * (1 - p.positive_share - p.negative_share), m.neutral, 0) as neutral,
        coalesce(p.volume * p.negative_share, m.negative, 0) as negative,
    from latest as p
    left join themes as t on t.theme_id = p.theme_id
    left join mix as m on m.theme_id = p.theme_id and m.touchpoint = p.touchpoint
)

select * from final
order by rank nulls last, nps_impact nulls last, theme_id, touchpoint
