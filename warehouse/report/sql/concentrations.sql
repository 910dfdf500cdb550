-- The strongest significant segment concentrations of one month, over every pain point the report may list
-- (never 'unlinked', never a hidden theme): where pain is concentrated, even for a pain point outside the top list.
-- Parameters: month (date, first day), how many rows.
with

params as (
    select cast(? as date) as period, cast(? as integer) as n,
),

segments as (
    select s.* from {segments} as s cross join params as x
    where s.period_type = 'month' and s.period = x.period and s.significant and s.touchpoint <> 'unlinked'
),

themes as (
    select theme_id, label from {themes}
),

final as (
    select
        s.theme_id,
        t.label,
        s.touchpoint,
        s.dimension,
        s.value,
        s.volume,
        s.share_of_pain_point,
        s.share_of_all,
    from segments as s
    inner join themes as t on t.theme_id = s.theme_id
)

select * from final
order by volume * (share_of_pain_point - share_of_all) desc, theme_id, touchpoint, dimension, value
limit (select n from params)
