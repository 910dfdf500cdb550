-- What the current period covers: items per language and per source.
-- Parameters: current period start, next period start (timestamps).
with

feedback as (
    select * from {feedback}
    where created_at >= cast(? as timestamp) and created_at < cast(? as timestamp)
),

languages as (
    select 'language' as dimension, coalesce(language, 'unknown') as value, count(*) as items,
    from feedback
    group by all
),

sources as (
    select 'source' as dimension, coalesce(source, 'unknown') as value, count(*) as items,
    from feedback
    group by all
),

final as (
    select * from languages
    union all
    select * from sources
)

select * from final
order by dimension, items desc, value
