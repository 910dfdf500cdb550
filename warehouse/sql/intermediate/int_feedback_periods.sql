-- int_feedback_periods: one row per feedback item x period type (week, month), with the period it falls in
-- and its scores. The only place that turns a timestamp into a period: every period mart and the
-- pain-point statistics (warehouse/pain_points.py) read their periods from here.
with

feedback as (
    select feedback_id, created_at, nps, csat, ces, rating from core.feedback
),

period_types as (
    select * from (values ('week'), ('month')) as t (period_type)
),

final as (
    select
        f.feedback_id,
        p.period_type,
        -- stored times are UTC; the reporting zone's calendar decides the period (report.timezone)
        cast(date_trunc(p.period_type, timezone(s.report_timezone, timezone('UTC', f.created_at))) as date) as period,
        f.created_at,
        f.nps,
        f.csat,
        f.ces,
        f.rating,
    from feedback as f
    cross join period_types as p
    cross join int_settings as s
)

select * from final
