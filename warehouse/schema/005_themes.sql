-- Theme registry: stable theme ids across refits, label history, lineage, item assignments.

-- One row per theme ever registered; ids never change or get reused.
create table if not exists core.themes (
    theme_id varchar primary key,             -- 'T0001', 'T0002', ...
    label varchar not null,
    keywords varchar[] not null,              -- c-TF-IDF key phrases, best first
    centroid float[] not null,                -- L2-normalised mean embedding of the members
    size bigint not null,                     -- items currently assigned
    status varchar not null,                  -- active | retired | merged
    merged_into varchar,                      -- surviving theme id when status = 'merged'
    quotes varchar[],                         -- representative (redacted) texts
    first_seen timestamp,                     -- earliest created_at of a member item
    last_seen timestamp,                      -- latest created_at of a member item
    registered_at timestamp not null,         -- when a run first created the theme
    created_run_id varchar not null,
    updated_run_id varchar not null
);

-- Every label a theme has carried, newest last.
create table if not exists core.theme_labels (
    theme_id varchar not null,
    label varchar not null,
    keywords varchar[] not null,
    run_id varchar not null,
    labelled_at timestamp not null
);

-- What each refit did to the registry.
create table if not exists core.theme_lineage (
    run_id varchar not null,
    event varchar not null,                   -- new | matched | merged | split | retired
    theme_id varchar not null,
    related_theme_ids varchar[],              -- merged: surviving id; split: parent id
    similarity double,                        -- centroid cosine similarity behind the event
    recorded_at timestamp not null
);

-- Theme of each feedback item; theme_id null = outlier (no theme close enough).
create table if not exists core.feedback_themes (
    feedback_id varchar primary key,
    theme_id varchar,
    probability double,                       -- cosine similarity to the theme centroid
    assigned_run_id varchar not null,
    content_hash varchar not null,            -- the item's content when assigned (changes trigger reassignment)
    assigned_at timestamp not null
);

-- Registry bookkeeping (one row): last full refit and the id counter.
create table if not exists core.theme_state (
    id integer primary key,
    last_refit_at timestamp,
    last_refit_run_id varchar,
    last_refit_window_end timestamp,
    next_theme_number integer not null
);

-- Python-computed pain-point statistics the marts select from (rebuilt by build_marts).
-- touchpoint = '*' holds the theme-level figures over all touchpoints.
create table if not exists core.theme_period_stats (
    period_type varchar not null,             -- week | month
    period date not null,
    theme_id varchar not null,
    touchpoint varchar not null,
    volume bigint not null,
    nps_responses bigint not null,
    nps_impact double,
    nps_impact_low double,
    nps_impact_high double,
    baseline_mean double,                     -- volume the baseline rate predicts for this period's days of data
    baseline_sd double,                       -- deviation the spike test uses (Poisson or baseline variation)
    emerging boolean not null                 -- volume spike (any sentiment); the marts add the pain rule
);
