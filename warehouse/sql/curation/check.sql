-- Curated ids the registry does not know, or whose theme (or merge target) is no longer active: reported, not
-- silently dropped.
insert into ops.curation_issues
with

curation as (
    select * from core.theme_curation
),

themes as (
    select theme_id, status, merged_into from core.themes
),

named as (
    select theme_id, 'curated theme' as role from curation
    union all
    select merged_into, 'merge target' from curation where merged_into is not null
),

final as (
    select
        n.theme_id,
        case
            when t.theme_id is null then n.role || ' ' || n.theme_id || ' is not in the theme registry'
            when t.status = 'retired' then n.role || ' ' || n.theme_id || ' was retired by a refit'
            when t.status = 'merged' then n.role || ' ' || n.theme_id || ' was merged by a refit into ' || t.merged_into
        end as problem,
        current_timestamp as checked_at,
    from named as n
    left join themes as t on t.theme_id = n.theme_id
)

select * from final where problem is not null
