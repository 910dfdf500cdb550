-- marts.theme_trends: one row per theme x period (week and month) in which the theme has items.
with

feedback as (
    select feedback_id, created_at, nps from core.feedback
),

enrichment as (
    select feedback_id, sentiment_label, sentiment_score from core.enrichment
),

feedback_themes as (
    select feedback_id, theme_id from core.feedback_themes where theme_id is not null
),

themes as (
    select theme_id, label, first_seen, status from core.themes
),

stats as (
    select * from core.theme_period_stats where touchpoint = '*'
),

items as (
    select ft.theme_id, f.feedback_id, f.created_at, f.nps, e.sentiment_label, e.sentiment_score,
    from feedback_themes as ft
    inner join feedback as f on f.feedback_id = ft.feedback_id
    left join enrichment as e on e.feedback_id = ft.feedback_id
),

by_period as (
    select 'week' as period_type, cast(date_trunc('week', created_at) as date) as period, * from items
    union all
    select 'month' as period_type, cast(date_trunc('month', created_at) as date) as period, * from items
),

period_totals as (
    select 'week' as period_type, cast(date_trunc('week', created_at) as date) as period, count(*) as total,
    from feedback
    group by all
    union all
    select 'month' as period_type, cast(date_trunc('month', created_at) as date) as period, count(*) as total,
    from feedback
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
        100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6))
            / nullif(count(nps), 0) as nps,
    from by_period
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
        coalesce(p.volume, 0) as previous_volume,
        a.volume - coalesce(p.volume, 0) as trend,
        -- emerging = a volume spike of mostly negative feedback, as in marts.pain_points
        coalesce(s.emerging, false) and a.negative_share >= 0.5 as emerging,
        coalesce(s.emerging, false) as volume_spike,
        coalesce(cast(date_trunc(a.period_type, t.first_seen) as date) = a.period, false) as is_new,
    from aggregated as a
    inner join period_totals as pt on pt.period_type = a.period_type and pt.period = a.period
    left join themes as t on t.theme_id = a.theme_id
    left join stats as s on s.period_type = a.period_type and s.period = a.period and s.theme_id = a.theme_id
    left join aggregated as p
        on p.period_type = a.period_type
        and p.theme_id = a.theme_id
        and p.period = cast(
            case when a.period_type = 'week' then a.period - interval 7 day else a.period - interval 1 month end
            as date
        )
)

select * from final
