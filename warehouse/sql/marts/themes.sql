-- marts.themes: one row per theme in the registry (active, retired or merged).
with

themes as (
    select * from int_themes
),

feedback_themes as (
    select feedback_id, theme_id from int_feedback_themes where theme_id is not null
),

sentiment as (
    -- after per-source adaptation and analyst corrections (warehouse/adapt.py)
    select feedback_id, sentiment_label, sentiment_score from core.feedback_sentiment
),

feedback as (
    select feedback_id, nps, created_at from core.feedback
),

touchpoints as (
    select distinct feedback_id, touchpoint from core.feedback_touchpoints where touchpoint <> 'unlinked'
),

latest as (
    select max(created_at) as latest_at from feedback
),

sentiment_mix as (
    select
        ft.theme_id,
        avg(case when e.sentiment_label = 'positive' then 1.0 else 0.0 end) as positive_share,
        avg(case when e.sentiment_label = 'neutral' then 1.0 else 0.0 end) as neutral_share,
        avg(case when e.sentiment_label = 'negative' then 1.0 else 0.0 end) as negative_share,
        avg(e.sentiment_score) as mean_sentiment,
        nps_score(f.nps) as nps,
        avg(case when f.created_at > l.latest_at - interval 7 day then 1.0 else 0.0 end) as recent_share,
    from feedback_themes as ft
    cross join latest as l
    left join sentiment as e on e.feedback_id = ft.feedback_id
    left join feedback as f on f.feedback_id = ft.feedback_id
    group by ft.theme_id
),

touchpoint_counts as (
    select
        ft.theme_id,
        tp.touchpoint,
        count(*) as mentions,
    from feedback_themes as ft
    inner join touchpoints as tp on tp.feedback_id = ft.feedback_id
    group by ft.theme_id, tp.touchpoint
),

top_touchpoints as (
    select
        theme_id,
        string_agg(touchpoint, ', ' order by mentions desc, touchpoint) as top_touchpoints,
    from (
        select *, row_number() over (partition by theme_id order by mentions desc, touchpoint) as position,
        from touchpoint_counts
    )
    where position <= 3
    group by theme_id
),

final as (
    select
        t.theme_id,
        t.label,
        t.complaint_label,
        array_to_string(t.keywords[1:8], ', ') as keywords,
        t.size,
        coalesce(m.positive_share, 0.0) as positive_share,
        coalesce(m.neutral_share, 0.0) as neutral_share,
        coalesce(m.negative_share, 0.0) as negative_share,
        m.mean_sentiment,
        m.nps,
        tt.top_touchpoints,
        t.quotes,
        t.first_seen,
        t.last_seen,
        t.status,
        t.merged_into,
        t.registered_at,
        coalesce(m.recent_share, 0.0) as recent_share,
        coalesce(m.recent_share >= 0.5, false) as new_this_week,
        t.label_source,
        t.auto_label,
        t.theme_group,
        t.hidden,
        t.pinned,
    from themes as t
    left join sentiment_mix as m on m.theme_id = t.theme_id
    left join top_touchpoints as tt on tt.theme_id = t.theme_id
)

select * from final
