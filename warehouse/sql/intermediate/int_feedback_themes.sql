-- int_feedback_themes: core.feedback_themes with the analyst's merges applied (core.theme_curation): an item of a
-- merged-away theme counts for the theme it was merged into, everywhere in the marts.
with

feedback_themes as (
    select * from core.feedback_themes
),

merges as (
    select theme_id, merged_into from core.theme_curation where merged_into is not null
),

final as (
    select ft.* replace (coalesce(m.merged_into, ft.theme_id) as theme_id),
    from feedback_themes as ft
    left join merges as m on m.theme_id = ft.theme_id
)

select * from final
