-- marts.pain_points: one row per theme x touchpoint x period (week and month), ranked worst first.
-- pain_score = negative mentions x (1 + NPS points the group drags down / 10); rank 1 = highest pain_score.
with

feedback as (
    select feedback_id, created_at, nps, csat from core.feedback
),

touchpoints as (
    select * from core.feedback_touchpoints
),

feedback_themes as (
    select feedback_id, theme_id from core.feedback_themes where theme_id is not null
),

themes as (
    select theme_id, label from core.themes
),

stats as (
    select * from core.theme_period_stats where touchpoint <> '*'
),

mentions as (
    -- one row per item x touchpoint, even when a touchpoint is mentioned in several clauses
    select
        feedback_id,
        touchpoint,
        mode(journey_stage) as journey_stage,
        avg(sentiment_score) as sentiment_score,
        bool_or(sentiment_label = 'negative') as is_negative,
        bool_and(sentiment_label = 'positive') as is_positive,
    from touchpoints
    group by feedback_id, touchpoint
),

themed_mentions as (
    select
        ft.theme_id,
        m.*,
        f.nps,
        f.csat,
        f.created_at,
    from mentions as m
    inner join feedback_themes as ft on ft.feedback_id = m.feedback_id
    inner join feedback as f on f.feedback_id = m.feedback_id
),

by_period as (
    select 'week' as period_type, cast(date_trunc('week', created_at) as date) as period, * from themed_mentions
    union all
    select 'month' as period_type, cast(date_trunc('month', created_at) as date) as period, * from themed_mentions
),

aggregated as (
    select
        period_type,
        period,
        theme_id,
        touchpoint,
        mode(journey_stage) as journey_stage,
        count(*) as volume,
        avg(case when is_negative then 1.0 else 0.0 end) as negative_share,
        avg(case when is_positive then 1.0 else 0.0 end) as positive_share,
        avg(sentiment_score) as mean_sentiment,
        count(nps) as nps_responses,
        100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6))
            / nullif(count(nps), 0) as nps,
        count(csat) as csat_responses,
        1.0 * count(*) filter (where csat >= 4) / nullif(count(csat), 0) as csat,
    from by_period
    group by period_type, period, theme_id, touchpoint
),

with_previous as (
    select
        a.*,
        coalesce(p.volume, 0) as previous_volume,
        a.volume - coalesce(p.volume, 0) as trend,
    from aggregated as a
    left join aggregated as p
        on p.period_type = a.period_type
        and p.theme_id = a.theme_id
        and p.touchpoint = a.touchpoint
        and p.period = cast(
            case when a.period_type = 'week' then a.period - interval 7 day else a.period - interval 1 month end
            as date
        )
),

scored as (
    select
        w.*,
        s.nps_impact,
        s.nps_impact_low,
        s.nps_impact_high,
        -- an emerging pain point is a volume spike of mostly negative mentions (a praise spike is not pain)
        coalesce(s.emerging, false) and w.negative_share >= 0.5 as emerging,
        coalesce(s.emerging, false) as volume_spike,
        s.baseline_mean as expected_volume,
        w.volume * w.negative_share * (1 + greatest(0, -coalesce(s.nps_impact, 0)) / 10) as pain_score,
    from with_previous as w
    left join stats as s
        on s.period_type = w.period_type
        and s.period = w.period
        and s.theme_id = w.theme_id
        and s.touchpoint = w.touchpoint
),

final as (
    select
        s.period_type,
        s.period,
        s.theme_id,
        t.label as theme_label,
        s.touchpoint,
        s.journey_stage,
        s.volume,
        s.negative_share,
        s.positive_share,
        s.mean_sentiment,
        s.nps,
        s.nps_responses,
        s.nps_impact,
        s.nps_impact_low,
        s.nps_impact_high,
        s.csat,
        s.csat_responses,
        s.previous_volume,
        s.trend,
        s.emerging,
        s.volume_spike,
        s.expected_volume,
        s.pain_score,
        row_number() over (
            partition by s.period_type, s.period
            order by s.pain_score desc, s.volume desc, s.theme_id, s.touchpoint
        ) as rank,
    from scored as s
    left join themes as t on t.theme_id = s.theme_id
)

select * from final
