"""The analyst questions of issue 4, each answered by one SQL query on the marts (the README shows them)."""

from __future__ import annotations

from datetime import datetime

import pytest
from suara.flows.config import SuaraConfig, ThemeConfig
from suara.warehouse.db import connect
from suara.warehouse.marts import build_marts
from suara.warehouse.themes import update_themes

from tests.nlp.topics.corpus import THEMES, make_corpus, seed_corpus

TOP_PAIN_POINTS_THIS_MONTH = """
select rank, theme_label, touchpoint, journey_stage, volume, negative_share,
       nps_impact, nps_impact_low, nps_impact_high, trend, emerging
from marts.pain_points
where period_type = 'month'
  and period = (select max(period) from marts.pain_points where period_type = 'month')
order by rank
limit 10
"""

NPS_BY_TOUCHPOINT_AND_STAGE = """
select t.journey_stage, t.touchpoint, count(*) as responses,
       100.0 * (count(*) filter (where f.nps >= 9) - count(*) filter (where f.nps <= 6)) / count(*) as nps
from marts.feedback_touchpoints as t
join marts.feedback as f using (feedback_id)
where f.nps is not null
group by all
order by nps
"""

NEW_THEMES_THIS_WEEK = """
select theme_id, label, size, first_seen, top_touchpoints
from marts.themes
where status = 'active' and new_this_week
order by size desc
"""


@pytest.fixture(scope="module")
def marts():
    cfg = SuaraConfig(themes=ThemeConfig(min_topic_size=15, window_days=120, bootstrap_samples=100))
    con = connect(":memory:")
    old = [k for k in THEMES if k != "packaging_damaged"]
    seed_corpus(con, make_corpus(500, seed=4, start=datetime(2026, 9, 1), days=60, only=old))
    # Damaged packaging only starts being mentioned in the last days.
    seed_corpus(con, make_corpus(40, seed=8, prefix="pkg", start=datetime(2026, 10, 28), days=3, noise_share=0,
                                 only=["packaging_damaged"]))
    update_themes(con, cfg, refit=True)
    build_marts(con, cfg)
    yield con
    con.close()


def test_top_pain_points_this_month(marts):
    rows = marts.execute(TOP_PAIN_POINTS_THIS_MONTH).fetchall()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 4
    assert rows[0][6] < 0 and rows[0][5] == 1.0  # worst: all negative, drags NPS down
    assert all(r[7] <= r[6] <= r[8] for r in rows if r[6] is not None)
    assert {r[2] for r in rows[:4]} >= {"checkout_payment", "returns_refunds"}


def test_nps_by_touchpoint_and_stage(marts):
    rows = marts.execute(NPS_BY_TOUCHPOINT_AND_STAGE).fetchall()
    by_touchpoint = {r[1]: r for r in rows}
    assert by_touchpoint["delivery"][3] == 100.0 and by_touchpoint["delivery"][0] == "purchase"
    assert by_touchpoint["checkout_payment"][3] == -100.0  # planted NPS 0-4
    expected = marts.execute(
        "select 100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6)) / count(nps) "
        "from core.feedback where feedback_id in (select feedback_id from core.feedback_touchpoints "
        "where touchpoint = 'app')").fetchall()[0][0]
    assert by_touchpoint["app"][3] == pytest.approx(expected)


def test_new_themes_this_week(marts):
    rows = marts.execute(NEW_THEMES_THIS_WEEK).fetchall()
    assert len(rows) == 1 and rows[0][4].startswith("packaging"), rows
