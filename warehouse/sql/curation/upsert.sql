-- One curated theme. Parameters: $theme_id, $label, $theme_group, $hidden, $pinned, $merged_into.
insert or replace into core.theme_curation (theme_id, label, theme_group, hidden, pinned, merged_into)
values ($theme_id, $label, $theme_group, $hidden, $pinned, $merged_into)
