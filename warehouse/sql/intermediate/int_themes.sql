-- int_themes: core.themes with the analyst's curation (core.theme_curation): their label where they gave one
-- (label_source = 'analyst'; complaint_label too, unless it differs from the automatic label), the group,
-- hidden and pinned flags, and analyst merges shown as status 'merged'.
with

themes as (
    select * from core.themes
),

curation as (
    select * from core.theme_curation
),

final as (
    select
        t.* replace (
            coalesce(c.label, t.label) as label,
            -- the analyst's label names the theme's pain points too, unless its complaints have a label of their own
            -- (a theme of praise the analyst named "Great app" keeps "app crash" on its pain points)
            case
                when c.label is not null and coalesce(t.complaint_label = t.label, true) then c.label
                else t.complaint_label
            end as complaint_label,
            case when c.merged_into is not null then 'merged' else t.status end as status,
            coalesce(c.merged_into, t.merged_into) as merged_into
        ),
        t.label as auto_label,
        case when c.label is not null then 'analyst' else 'auto' end as label_source,
        c.theme_group,
        coalesce(c.hidden, false) as hidden,
        coalesce(c.pinned, false) as pinned,
    from themes as t
    left join curation as c on c.theme_id = t.theme_id
)

select * from final
