-- Headline figures of the current and the previous period, from marts.feedback (rating: mean stars).
-- nps_score, csat_score: the score macros of warehouse/sql/intermediate/macros.sql.
-- Parameters: current period start, next period start, previous period start (timestamps).
with

feedback as (
    select * from {feedback}
),

bounds as (
    select
        cast(? as timestamp) as current_start,
        cast(? as timestamp) as next_start,
        cast(? as timestamp) as previous_start,
),

scoped as (
    select
        f.nps,
        f.csat,
        f.rating,
        f.sentiment_label,
        case
            when f.created_at >= b.current_start and f.created_at < b.next_start then 'current'
            when f.created_at >= b.previous_start and f.created_at < b.current_start then 'previous'
        end as which,
    from feedback as f
    cross join bounds as b
),

final as (
    select
        which,
        count(*) as volume,
        count(nps) as nps_n,
        nps_score(nps) as nps,
        count(csat) as csat_n,
        csat_score(csat) as csat,
        count(rating) as rating_n,
        avg(rating) as rating,
        count(sentiment_label) as sentiment_n,
        1.0 * count(*) filter (where sentiment_label = 'negative')
            / nullif(count(sentiment_label), 0) as negative_share,
    from scoped
    where which is not null
    group by which
)

select * from final
