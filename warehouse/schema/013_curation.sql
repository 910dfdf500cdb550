-- Analyst curation of themes (issue 16), refilled from the `curation:` YAML every marts build
-- (warehouse/curation.py). One row per theme the file names.
create table if not exists core.theme_curation (
    theme_id varchar primary key,
    label varchar,                            -- analyst's label (rename); NULL keeps the automatic label
    theme_group varchar,                      -- parent label grouping several themes
    hidden boolean not null default false,    -- kept in marts.themes/feedback, left out of pain points and report
    pinned boolean not null default false,    -- a refit never retires or merges this id away
    merged_into varchar                       -- the theme this one is shown as (analyst merge)
);

-- Problems found while applying the file (an id the registry does not know, a merge target that was retired).
create table if not exists ops.curation_issues (
    theme_id varchar not null,
    problem varchar not null,
    checked_at timestamp not null
);
