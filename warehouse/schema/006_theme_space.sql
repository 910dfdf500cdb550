-- The theme space (nlp/topics/space.py): each language's mean embedding in the last refit's window.
-- Theme centroids live in this space (embedding minus its language mean, re-normalised), so new items
-- are transformed with the same means before they are compared with the centroids.
create table if not exists core.theme_space (
    language varchar primary key,             -- language code; '*' = all items (languages without their own)
    mean float[] not null,
    items bigint not null,                    -- items behind the mean
    run_id varchar not null,
    fitted_at timestamp not null
);

-- Similarity a new item needs to join a theme between refits (the refit's own outlier threshold).
alter table core.theme_state add column if not exists assign_threshold double;
