"""Segments (issue 16): typed segment values, marts.pain_point_segments and its significance flag."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import numpy as np
import pytest
from scipy.stats import false_discovery_control
from suara.flows.config import SourceConfig, SuaraConfig, ThemeConfig
from suara.warehouse.marts import build_marts
from suara.warehouse.segments import benjamini_hochberg

from tests.nlp.topics.corpus import ensure_upstream
from tests.warehouse.test_marts_cases import _insert

REGIONS = ["Jawa Barat", "DKI Jakarta", "Jawa Timur", "Sumatera Utara", "Bali"]
SOURCE = SourceConfig(
    name="survey", kind="survey", path="x.csv",
    columns={"id": "id", "text": "text", "created_at": "at", "channel": "via"},
    segments={"region": "region", "channel": "via"},
)
CFG = SuaraConfig(sources=[SOURCE], themes=ThemeConfig(bootstrap_samples=50))
MONDAY = datetime(2026, 10, 5, 9)


def _seed(con, concentrated: bool) -> None:
    """400 items in one week; 80 are 'slow delivery' (T1); 320 background (T2).

    When ``concentrated``, 70 of the 80 slow-delivery items come from Sumatera Utara (which is 1/5 of the rest);
    otherwise every item's region is drawn uniformly.
    """
    rng = random.Random(7)
    ensure_upstream(con)
    feedback, touchpoints, themes = [], [], []
    for i in range(400):
        slow = i < 80
        region = "Sumatera Utara" if concentrated and slow and i < 70 else rng.choice(REGIONS)
        fid = f"f{i:03d}"
        metadata = {"region": region} if i % 50 else {"region": "  "}  # blank values are no segment value
        feedback.append({"feedback_id": fid, "created_at": MONDAY + timedelta(hours=i % 90), "channel": "email",
                         "metadata": json.dumps(metadata)})
        touchpoints.append({"feedback_id": fid, "touchpoint": "delivery" if slow else "product",
                            "journey_stage": "fulfilment", "sentiment_label": "negative" if slow else "positive",
                            "sentiment_score": -0.8 if slow else 0.7})
        themes.append({"feedback_id": fid, "theme_id": "T1" if slow else "T2"})
    _insert(con, "core.feedback", feedback)
    _insert(con, "core.feedback_touchpoints", touchpoints)
    _insert(con, "core.feedback_themes", themes)
    _insert(con, "core.themes", [{"theme_id": "T1", "label": "slow delivery", "first_seen": MONDAY},
                                 {"theme_id": "T2", "label": "product quality", "first_seen": MONDAY}])


def _rows(con, where: str) -> list[tuple]:
    return con.execute(
        "select value, volume, share_of_pain_point, share_of_all, lift, significant from marts.pain_point_segments "
        f"where period_type = 'week' and {where} order by volume desc"
    ).fetchall()


def test_concentrated_region_is_flagged_and_shares_add_up(fresh_db):
    _seed(fresh_db, concentrated=True)
    build_marts(fresh_db, CFG)
    rows = _rows(fresh_db, "theme_id = 'T1' and dimension = 'region'")
    top = rows[0]
    assert top[0] == "Sumatera Utara" and top[5] is True
    assert top[2] > 0.8 and top[3] < 0.35 and top[4] > 2.5
    assert abs(sum(r[2] for r in rows) - 1.0) < 1e-9
    assert not any(r[5] for r in rows[1:])  # the other regions are under-represented, never flagged
    # the background theme's regions are not concentrated anywhere
    assert not any(r[5] for r in _rows(fresh_db, "theme_id = 'T2' and dimension = 'region'"))


def test_uniform_regions_flag_nothing(fresh_db):
    _seed(fresh_db, concentrated=False)
    build_marts(fresh_db, CFG)
    assert fresh_db.execute("select count(*) from marts.pain_point_segments where significant").fetchall()[0][0] == 0
    assert fresh_db.execute("select count(*) from marts.pain_point_segments").fetchall()[0][0] > 0


def test_segment_values_are_typed_and_blank_values_skipped(fresh_db):
    _seed(fresh_db, concentrated=False)
    build_marts(fresh_db, CFG)
    counts = dict(fresh_db.execute(
        "select dimension, count(*) from core.feedback_segments group by dimension").fetchall())
    assert counts == {"region": 392, "channel": 400}  # 8 blank regions skipped; channel from the mapped role
    assert fresh_db.execute(
        "select count(*) from core.feedback_segments where dimension = 'channel' and value <> 'email'"
    ).fetchall()[0][0] == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_benjamini_hochberg_agrees_with_scipy(seed):
    p = np.random.default_rng(seed).uniform(0, 0.2, 40) ** 2
    expected = false_discovery_control(p, method="bh") <= 0.05
    assert (benjamini_hochberg(p, 0.05) == expected).all()


@pytest.mark.parametrize("concentrated", [True, False])
def test_report_says_where_a_pain_point_is_concentrated_only_when_significant(fresh_db, concentrated):
    from suara.warehouse.report.render import build_context, render_digest, render_html

    _seed(fresh_db, concentrated=concentrated)
    build_marts(fresh_db, CFG)
    context = build_context(fresh_db, CFG)
    html, digest = render_html(context), render_digest(context)
    sentence = "from Sumatera Utara (region) vs"
    assert (sentence in html) is concentrated
    assert (sentence in digest.replace("\\", "")) is concentrated
    where = [(c["theme_id"], c["value"]) for c in context["concentrations"]]
    assert where == ([("T1", "Sumatera Utara")] if concentrated else [])
    assert ("Where pain is concentrated" in digest) is concentrated
    if concentrated:
        slow = next(p for p in context["top"] if p.theme_id == "T1")
        assert [(s["dimension"], s["value"]) for s in slow.segments] == [("region", "Sumatera Utara")]


def test_scorecard_by_segment_splits_the_touchpoint_by_value(fresh_db):
    _seed(fresh_db, concentrated=True)
    build_marts(fresh_db, CFG)
    rows = dict(fresh_db.execute(
        "select value, volume from marts.touchpoint_scorecard_segments where period_type = 'week' "
        "and touchpoint = 'delivery' and dimension = 'region'").fetchall())
    overall = fresh_db.execute(
        "select volume from marts.touchpoint_scorecard where period_type = 'week' and touchpoint = 'delivery'"
    ).fetchall()[0][0]
    assert rows["Sumatera Utara"] >= 68 and sum(rows.values()) == overall - 2  # two items carry a blank region
    negative = fresh_db.execute(
        "select min(negative_share), max(negative_share) from marts.touchpoint_scorecard_segments "
        "where touchpoint = 'delivery'").fetchall()[0]
    assert negative == (1.0, 1.0)
