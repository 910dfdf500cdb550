-- Nuisance directions of the theme space (nlp/topics/nuisance.py), fitted at each refit: sentiment and the
-- frequent @handles/#tags/links. Incremental runs project the same directions out of new items' embeddings.
create table if not exists core.theme_directions (
    position integer primary key,             -- order of the orthonormal basis rows
    name varchar not null,                    -- what the direction was estimated from: sentiment, @handle, <link>
    vector float[] not null,                  -- unit basis row, orthogonal to the others
    run_id varchar not null,
    fitted_at timestamp not null
);
