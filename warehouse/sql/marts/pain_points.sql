-- marts.pain_points: one row per theme x touchpoint x period (week and month), ranked worst first.
-- pain_score = negative mentions x (1 + the impact the group drags down, in 5% steps of its metric's scale);
-- for NPS the step is 10 points, so pain_score = negative mentions x (1 + max(0, -nps_impact) / 10).
-- rank 1 = highest pain_score; rows at 'unlinked', with no negative mention, or with more positive than negative
-- mentions are no pain point and rank last; so are those of a theme with more positive than negative items
-- (marts.themes) whose complaints have no label of their own (complaint_label).
-- A pain point is labelled by its theme's complaints (complaint_label), never by the theme's praise.
with

mentions as (
    select * from int_period_mentions
),

feedback_themes as (
    -- themes the analyst hid (curation file) stay in marts.themes and marts.feedback, never in pain points
    select feedback_id, theme_id from int_feedback_themes
    where theme_id is not null and theme_id not in (select theme_id from int_themes where hidden)
),

volumes as (
    select * from int_theme_period_volumes where touchpoint <> '*'
),

themes as (
    -- built before this mart (warehouse/marts.py: MARTS order); its shares cover the theme's whole window
    select theme_id, label, complaint_label, positive_share, negative_share from marts.themes
),

stats as (
    select * from core.theme_period_stats where touchpoint <> '*'
),

themed_mentions as (
    select ft.theme_id, m.*,
    from mentions as m
    inner join feedback_themes as ft on ft.feedback_id = m.feedback_id
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
        nps_score(nps) as nps,
        count(csat) as csat_responses,
        csat_score(csat) as csat,
    from themed_mentions
    group by period_type, period, theme_id, touchpoint
),

scored as (
    select
        a.*,
        v.previous_volume,
        v.trend,
        s.nps_impact,
        s.nps_impact_low,
        s.nps_impact_high,
        s.impact_metric,
        s.impact,
        s.impact_low,
        s.impact_high,
        is_emerging(s.volume_spike, a.negative_share) as emerging,
        coalesce(s.volume_spike, false) as volume_spike,
        s.baseline_mean as expected_volume,
        a.volume * a.negative_share * (1 + greatest(0, -coalesce(impact_steps(s.impact_metric, s.impact), 0)))
            as pain_score,
        -- praise is not pain, and 'unlinked' is no place in the journey to act on; a theme of mostly praise
        -- has pain points only where its complaints have a label of their own (not its praise)
        a.touchpoint <> 'unlinked' and a.negative_share > 0
            and not coalesce(a.positive_share > a.negative_share, false)
            and (not coalesce(t.positive_share > t.negative_share, false) or t.complaint_label is not null)
            as is_pain_point,
    from aggregated as a
    left join themes as t on t.theme_id = a.theme_id
    inner join volumes as v
        on v.period_type = a.period_type
        and v.period = a.period
        and v.theme_id = a.theme_id
        and v.touchpoint = a.touchpoint
    left join stats as s
        on s.period_type = a.period_type
        and s.period = a.period
        and s.theme_id = a.theme_id
        and s.touchpoint = a.touchpoint
),

final as (
    select
        s.period_type,
        s.period,
        s.theme_id,
        case when s.is_pain_point then coalesce(t.complaint_label, t.label) else t.label end as theme_label,
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
        s.is_pain_point,
        row_number() over (
            partition by s.period_type, s.period
            -- rows that are no pain point rank after every real one
            order by s.is_pain_point desc, s.pain_score desc, s.volume desc, s.theme_id, s.touchpoint
        ) as rank,
        s.impact,
        s.impact_low,
        s.impact_high,
        s.impact_metric,
    from scored as s
    left join themes as t on t.theme_id = s.theme_id
)

select * from final
