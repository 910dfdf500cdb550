"""Seeded analyst marts for the report tests: the DESIGN.md contract columns, realistic rows.

``marts.feedback`` is generated from a few planted stories (bilingual comments): a payment
failure spike at checkout_payment in the last week, friendly-courier praise, steady late
deliveries, a low-volume packaging theme. The other marts are derived from it with plain
SQL here (a stand-in for the real mart models), so expected figures can be recomputed in
the tests from the feedback rows alone.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

FIRST_WEEK = date(2026, 9, 7)  # a Monday
WEEKS = 8
LAST_WEEK = FIRST_WEEK + timedelta(weeks=WEEKS - 1)
CASES = Path(__file__).parent.parent / "cases" / "report"

STORY_FIELDS = (
    "theme_id", "label", "touchpoint", "journey_stage", "negative_probability", "weekly_volumes", "texts_id",
    "texts_en",
)
"""A story's fields, in the order of its tuple (the data file names them)."""


def _load_stories() -> list[tuple]:
    stories = json.loads((CASES / "stories.json").read_text(encoding="utf-8"))
    return [tuple(story[name] for name in STORY_FIELDS) for story in stories]


STORIES = _load_stories()
"""The planted stories (``tests/warehouse/cases/report/stories.json``)."""

MALICIOUS_LABEL = "<script>alert(1)</script> **crash** [x](http://evil.example)"
MALICIOUS_QUOTE = "Worst checkout ever <img src=x onerror=alert(1)> **bold** [link](http://evil.example) _x_"
LEAKED_EMAIL = "budi.santoso@example.com"
LEAKED_PHONE = "+62 812-3456-7890"

FEEDBACK_COLUMNS = [
    "feedback_id", "source", "source_id", "kind", "created_at", "text", "language", "sentiment_label",
    "sentiment_score", "nps", "csat", "ces", "rating", "touchpoint", "journey_stage", "theme_id",
]


def _score(rng: random.Random, negative: bool, positive: bool) -> tuple[str, float, int]:
    if negative:
        return "negative", round(rng.uniform(-0.95, -0.35), 3), rng.choice([0, 1, 2, 3, 4, 5, 6, 6, 7])
    if positive:
        return "positive", round(rng.uniform(0.4, 0.95), 3), rng.choice([8, 9, 9, 10, 10])
    return "neutral", round(rng.uniform(-0.2, 0.2), 3), rng.choice([6, 7, 8])


def feedback_rows(stories=STORIES, seed: int = 5) -> list[dict]:
    """Feedback items of every story, spread over the weeks, about 60% Indonesian."""
    rng = random.Random(seed)
    rows = []
    for theme_id, _label, touchpoint, stage, p_neg, volumes, texts_id, texts_en in stories:
        for week, volume in enumerate(volumes):
            for _ in range(volume):
                n = len(rows)
                is_id = rng.random() < 0.6 or not texts_en
                text = rng.choice(texts_id if is_id else texts_en)
                negative = rng.random() < p_neg
                label, score, nps = _score(rng, negative, not negative and rng.random() < 0.8)
                source = rng.choice(["nps_survey", "nps_survey", "app_reviews", "tickets"])
                created = datetime.combine(FIRST_WEEK + timedelta(weeks=week, days=rng.randrange(7)),
                                           datetime.min.time()) + timedelta(minutes=rng.randrange(1440))
                rows.append({
                    "feedback_id": f"f{n:05d}", "source": source, "source_id": f"{source}-{n}",
                    "kind": {"nps_survey": "survey", "app_reviews": "review", "tickets": "ticket"}[source],
                    "created_at": created, "text": text, "language": "id" if is_id else "en",
                    "sentiment_label": label, "sentiment_score": score,
                    "nps": nps if source == "nps_survey" else None,
                    "csat": (1 if negative else 5) if source == "tickets" else None, "ces": None,
                    "rating": (1 if negative else 5) if source == "app_reviews" else None,
                    "touchpoint": touchpoint, "journey_stage": stage, "theme_id": theme_id,
                })
    return rows


def many_stories(n: int) -> list[tuple]:
    """``n`` extra small themes spread over every touchpoint, for the 200-theme test."""
    points = [("website", "consideration"), ("billing", "retention"), ("store", "purchase"),
              ("loyalty_program", "advocacy"), ("ads_social", "awareness"),
              ("network_connectivity", "retention")]
    out = []
    for i in range(n):
        tp, stage = points[i % len(points)]
        vols = [(i * 7 + w * 3) % 6 + 1 for w in range(WEEKS)]
        out.append((f"X{i:03d}", f"Minor topic {i} / topik kecil {i}", tp, stage, 0.3 + (i % 5) / 10, vols,
                    [f"Komentar tentang topik kecil nomor {i} yang cukup panjang"],
                    [f"A comment about minor topic number {i}, long enough"]))
    return out


def create_marts(con) -> None:
    """Create every ``marts.*`` table the report reads, empty, with the real marts' columns."""
    con.execute("create schema if not exists marts")
    con.execute(
        "create or replace table marts.feedback (feedback_id varchar, source varchar, source_id varchar, "
        "kind varchar, created_at timestamp, text varchar, language varchar, sentiment_label varchar, "
        "sentiment_score double, nps smallint, csat smallint, ces smallint, rating smallint, "
        "touchpoint varchar, journey_stage varchar, theme_id varchar)")
    con.execute(
        "create or replace table marts.feedback_touchpoints (feedback_id varchar, source_id varchar, "
        "touchpoint varchar, journey_stage varchar, confidence double, sentiment_label varchar, "
        "sentiment_score double, evidence varchar)")
    con.execute(
        "create or replace table marts.themes (theme_id varchar, label varchar, keywords varchar, "
        "size bigint, positive_share double, neutral_share double, negative_share double, "
        "first_seen timestamp, last_seen timestamp, status varchar, new_this_week boolean)")
    con.execute(
        "create or replace table marts.pain_points (period_type varchar, period date, theme_id varchar, "
        "theme_label varchar, touchpoint varchar, journey_stage varchar, volume bigint, "
        "negative_share double, positive_share double, nps double, nps_responses bigint, "
        "nps_impact double, nps_impact_low double, nps_impact_high double, previous_volume bigint, "
        "trend bigint, emerging boolean, rank bigint)")
    con.execute(
        "create or replace table marts.bright_spots (period_type varchar, period date, theme_id varchar, "
        "touchpoint varchar, journey_stage varchar, volume bigint, positive_share double, nps_impact double, "
        "lift_score double, rank bigint)")
    con.execute(
        "create or replace table marts.touchpoint_scorecard (period_type varchar, period date, "
        "touchpoint varchar, journey_stage varchar, volume bigint, positive_share double, "
        "neutral_share double, negative_share double, nps double, nps_responses bigint, csat double, "
        "ces double)")
    con.execute("create or replace table marts.theme_trends (period_type varchar, period date, "
                "theme_id varchar, volume bigint, negative_share double)")


def seed_marts(
    con, stories=STORIES, extra: list[dict] | None = None, labels: dict[str, str] | None = None,
) -> list[dict]:
    """Create and fill the marts from ``stories`` (plus ``extra`` feedback rows); return the feedback rows.

    Args:
        con: DuckDB connection.
        stories: planted stories (see :data:`STORIES`).
        extra: additional ``marts.feedback`` rows (e.g. a malicious or leaking comment).
        labels: theme id -> label overrides.
    """
    create_marts(con)
    rows = feedback_rows(stories) + list(extra or [])
    if not rows:
        return rows
    frame = pd.DataFrame(rows, columns=FEEDBACK_COLUMNS)  # noqa: F841 - read by DuckDB's replacement scan
    con.execute("insert into marts.feedback select * from frame")
    names = {s[0]: s[1] for s in stories} | (labels or {})
    con.execute("create or replace temp table seed_labels (theme_id varchar, label varchar)")
    con.executemany("insert into seed_labels values (?, ?)", list(names.items()))
    con.execute(DERIVE_SQL)
    return rows


DERIVE_SQL = """
insert into marts.themes
select f.theme_id, l.label, replace(lower(l.label), ' / ', ', '), count(*),
       avg((sentiment_label = 'positive')::int), avg((sentiment_label = 'neutral')::int),
       avg((sentiment_label = 'negative')::int), min(created_at), max(created_at), 'active',
       min(created_at) >= (select max(created_at) from marts.feedback) - interval 7 day
from marts.feedback f join seed_labels l using (theme_id) group by all;

insert into marts.feedback_touchpoints
select feedback_id, source_id, touchpoint, journey_stage, 0.9, sentiment_label, sentiment_score, text
from marts.feedback;

create or replace temp table seed_periods as
select 'week' as period_type, date_trunc('week', created_at)::date as period, * from marts.feedback
union all
select 'month' as period_type, date_trunc('month', created_at)::date as period, * from marts.feedback;

insert into marts.theme_trends
select period_type, period, theme_id, count(*), avg((sentiment_label = 'negative')::int)
from seed_periods group by all;

insert into marts.touchpoint_scorecard
select period_type, period, touchpoint, journey_stage, count(*),
       avg((sentiment_label = 'positive')::int), avg((sentiment_label = 'neutral')::int),
       avg((sentiment_label = 'negative')::int),
       100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6))
         / nullif(count(nps), 0),
       count(nps),
       count(*) filter (where csat >= 4) / nullif(count(csat), 0), avg(ces)
from seed_periods group by all;

create or replace temp table seed_overall as
select period_type, period, count(nps) as n,
       count(*) filter (where nps >= 9) as pro, count(*) filter (where nps <= 6) as det
from seed_periods group by all;

create or replace temp table seed_groups as
select period_type, period, theme_id, touchpoint, journey_stage, count(*) as volume,
       avg((sentiment_label = 'negative')::int) as negative_share,
       avg((sentiment_label = 'positive')::int) as positive_share,
       count(nps) as n, count(*) filter (where nps >= 9) as pro, count(*) filter (where nps <= 6) as det
from seed_periods group by all;

insert into marts.pain_points
with impact as (
    select g.*,
        100.0 * (o.pro - o.det) / nullif(o.n, 0)
          - 100.0 * ((o.pro - g.pro) - (o.det - g.det)) / nullif(o.n - g.n, 0) as nps_impact,
        100.0 / sqrt(greatest(o.n - g.n, 1)) * sqrt(greatest(g.n, 1)) / 6 as half_width
    from seed_groups g join seed_overall o using (period_type, period)
),
history as (
    select *,
        lag(volume) over (partition by period_type, theme_id, touchpoint order by period) as previous_volume,
        avg(volume) over (partition by period_type, theme_id, touchpoint order by period
                          rows between 6 preceding and 1 preceding) as mean_before,
        stddev_samp(volume) over (partition by period_type, theme_id, touchpoint order by period
                                  rows between 6 preceding and 1 preceding) as sd_before
    from impact
)
select period_type, period, theme_id, null, touchpoint, journey_stage, volume, negative_share, positive_share,
       100.0 * (pro - det) / nullif(n, 0), n, nps_impact, nps_impact - half_width, nps_impact + half_width,
       coalesce(previous_volume, 0), volume - coalesce(previous_volume, 0),
       coalesce(period_type = 'week' and volume > mean_before + 3 * sd_before
                and volume >= 2 * mean_before and volume >= 5, false),
       row_number() over (
           partition by period_type, period
           order by volume * negative_share * (1 + greatest(0, -coalesce(nps_impact, 0)) / 10) desc, theme_id)
from history;

insert into marts.bright_spots
select period_type, period, theme_id, touchpoint, journey_stage, volume, positive_share, nps_impact,
       volume * positive_share * (1 + nps_impact / 10),
       row_number() over (partition by period_type, period
                          order by volume * positive_share * (1 + nps_impact / 10) desc, theme_id)
from marts.pain_points where nps_impact > 0 and positive_share >= 0.5;
"""
