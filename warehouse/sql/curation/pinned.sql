-- Themes the analyst pinned in the curation file: a refit never retires or merges them away.
select theme_id from core.theme_curation where pinned
