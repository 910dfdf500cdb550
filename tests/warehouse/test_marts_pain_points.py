"""NPS impact, its bootstrap interval, the emerging flag, and the planted payment spike end to end (issue 4)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from scipy import sparse
from suara.flows.config import SuaraConfig, ThemeConfig
from suara.warehouse.db import connect
from suara.warehouse.marts import build_marts, top_pain_points
from suara.warehouse.pain_points import bootstrap_nps_impact, emerging_flags, nps_impact, nps_points, period_days
from suara.warehouse.themes import update_themes

from tests.nlp.topics.corpus import make_corpus, seed_corpus

NPS = np.array([10, 10, 9, 8, 7, 0, 3, 6, 9, 10])  # NPS 20: 5 promoters, 3 detractors of 10


def _member(rows_per_group: list[list[int]], n: int = 10) -> sparse.csr_matrix:
    m = np.zeros((n, len(rows_per_group)))
    for g, rows in enumerate(rows_per_group):
        m[rows, g] = 1
    return sparse.csr_matrix(m)


def test_nps_points_are_promoter_minus_detractor():
    assert nps_points(NPS).mean() == 20.0


def test_nps_impact_hand_computed():
    # detractors f6,f7 removed -> NPS 50 (impact -30); promoters f1,f2 removed -> NPS 0 (impact +20);
    # nobody -> NaN; everybody -> NaN (nothing left to compare with).
    impact = nps_impact(nps_points(NPS), _member([[5, 6], [0, 1], [], list(range(10))]))
    assert np.allclose(impact[:2], [-30.0, 20.0])
    assert np.isnan(impact[2]) and np.isnan(impact[3])


def test_bootstrap_interval_contains_estimate_and_is_reproducible():
    rng = np.random.default_rng(3)
    nps = rng.integers(0, 11, size=400)
    groups = [list(np.flatnonzero(nps <= 3)[:40]), list(np.flatnonzero(nps >= 9)[:60]), list(range(0, 400, 7))]
    member = _member(groups, n=400)
    points = nps_points(nps)
    estimate = nps_impact(points, member)
    low, high = bootstrap_nps_impact(points, member, samples=500, level=0.9, seed=1)
    assert np.all(low <= estimate) and np.all(estimate <= high)
    assert high[0] < 0 < low[1]  # detractors surely drag, promoters surely lift
    again = bootstrap_nps_impact(points, member, samples=500, level=0.9, seed=1)
    assert np.array_equal(low, again[0]) and np.array_equal(high, again[1])
    wide_low, wide_high = bootstrap_nps_impact(points, member, samples=500, level=0.95, seed=1)
    assert np.all(wide_low <= low) and np.all(wide_high >= high)


def test_emerging_flag_on_planted_spike():
    volumes = np.array([
        [3, 4, 3, 5, 4, 20],   # spike: baseline 3.33/period (first 3 periods) -> 20 is far above
        [3, 4, 3, 5, 4, 5],    # normal variation
        [0, 0, 0, 0, 0, 4],    # new but below the minimum count
        [9, 0, 0, 0, 0, 0],
    ])
    flags, expected, deviation = emerging_flags(volumes, sd=2.0, min_count=5, guard=2)
    assert flags[:, -1].tolist() == [True, False, False, False]
    assert not flags[:, :4].any()  # too little history (the guard skips the two periods before) to flag
    assert np.isclose(expected[0, -1], 10 / 3)  # periods 0-2: the two before the spike are guarded out


def test_spike_already_last_week_is_still_emerging_this_partial_week():
    """Issue 4: the previous week is part of the spike and this week is partial (5 of 7 days)."""
    weeks = np.array([[4, 5, 4, 6, 5, 4, 5, 30, 22]], dtype=float)
    days = np.array([7, 7, 7, 7, 7, 7, 7, 7, 5])
    old = emerging_flags(weeks, sd=2.0, min_count=5, guard=0)  # the previous rule's baseline: all earlier weeks
    assert not old[0][0, -1]  # last week's 30 inflates the baseline sd: the spike is missed
    flags, expected, _ = emerging_flags(weeks, days, sd=3.0, min_count=5, guard=2)
    assert flags[0, -2] and flags[0, -1]
    assert np.isclose(expected[0, -1], 28 / 42 * 5)  # the 6 weeks before the guard, per day, times 5 days


def test_period_days_counts_only_days_with_data():
    starts = [datetime(2026, 11, 9), datetime(2026, 11, 16)]
    assert period_days(starts, "week", datetime(2026, 8, 23, 7), datetime(2026, 11, 20, 21)).tolist() == [7, 5]
    assert period_days([datetime(2026, 8, 1)], "month", datetime(2026, 8, 23), datetime(2026, 11, 20)).tolist() == [9]


def test_planted_payment_spike_is_top_pain_point_and_emerging():
    cfg = SuaraConfig(themes=ThemeConfig(min_topic_size=15, window_days=120, bootstrap_samples=200))
    con = connect(":memory:")
    seed_corpus(con, make_corpus(600, seed=0, start=datetime(2026, 9, 7), days=61))
    # The last week (Mon 2 Nov 2026) gets 45 extra payment failures.
    seed_corpus(con, make_corpus(45, seed=5, prefix="spike", start=datetime(2026, 11, 2), days=5, noise_share=0,
                                 only=["payment_failed"]))
    update_themes(con, cfg, refit=True)
    build_marts(con, cfg)
    top = top_pain_points(con, "week", 3)
    assert top[0][2] == "checkout_payment" and top[0][5] is True, top
    assert top[0][4] < 0  # drags NPS down
    bright = con.execute(
        "select touchpoint from marts.bright_spots where period_type = 'month' order by period desc, rank limit 2"
    ).fetchall()
    assert ("delivery",) in bright
    con.close()
