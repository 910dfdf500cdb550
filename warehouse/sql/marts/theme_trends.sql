-- marts.theme_trends: one row per theme x period (week and month) in which the theme has items.
with

periods as (
    select * from int_feedback_periods
),

sentiment as (
    -- after per-source adaptation and analyst corrections (warehouse/adapt.py)
    select feedback_id, sentiment_label, sentiment_score from core.feedback_sentiment
),

feedback_themes as (
    select feedback_id, theme_id from int_feedback_themes where theme_id is not null
),

volumes as (
    select * from int_theme_period_volumes where touchpoint = '*'
),

themes as (
    select theme_id, label, first_seen, status from int_themes
),

stats as (
    select * from core.theme_period_stats where touchpoint = '*'
),

items as (
    select p.period_type, p.period, ft.theme_id, p.feedback_id, p.nps, e.sentiment_label, e.sentiment_score,
    from feedback_themes as ft
    inner join periods as p on p.feedback_id = ft.feedback_id
    left join sentiment as e on e.feedback_id = ft.feedback_id
),

period_totals as (
    select period_type, period, count(*) as total,
    from periods
    group by all
),

aggregated as (
    select
        period_type,
        period,
        theme_id,
        count(*) as volume,
        avg(case when sentiment_label = 'negative' then 1.0 else 0.0 end) as negative_share,
        avg(sentiment_score) as mean_sentiment,
        nps_score(nps) as nps,
    from items
    group by period_type, period, theme_id
),

final as (
    select
        a.period_type,
        a.period,
        a.theme_id,
        t.label,
        t.status,
        a.volume,
        a.volume / pt.total as share_of_feedback,
        a.negative_share,
        a.mean_sentiment,
        a.nps,
        s.nps_impact,
        s.nps_impact_low,
        s.nps_impact_high,
        v.previous_volume,
        v.trend,
        is_emerging(s.volume_spike, a.negative_share) as emerging,
        coalesce(s.volume_spike, false) as volume_spike,
        coalesce(cast(date_trunc(a.period_type, t.first_seen) as date) = a.period, false) as is_new,
    from aggregated as a
    inner join period_totals as pt on pt.period_type = a.period_type and pt.period = a.period
    inner join volumes as v on v.period_type = a.period_type and v.period = a.period and v.theme_id = a.theme_id
    left join themes as t on t.theme_id = a.theme_id
    left join stats as s on s.period_type = a.period_type and s.period = a.period and s.theme_id = a.theme_id
)

select * from final
