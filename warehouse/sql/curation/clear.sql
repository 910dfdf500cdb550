-- Forget the previous file's curation; warehouse/curation.py writes the current one.
delete from core.theme_curation;
delete from ops.curation_issues;
