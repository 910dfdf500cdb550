-- Themes for `suara themes --list`: what an analyst needs to write the curation file without SQL.
-- Active themes first, largest first; merged and retired ones after, so their ids can still be looked up.
with

themes as (
    select * from marts.themes
),

final as (
    select
        theme_id,
        label,
        complaint_label,
        label_source,
        status,
        size,
        negative_share,
        hidden,
        theme_group,
        quotes[1] as quote,
    from themes
)

select * from final
order by status <> 'active', size desc, theme_id
