"""Matching refit topics to registered themes: matched, split, merged, retired, new (issue 4)."""

from __future__ import annotations

import itertools

import numpy as np
from suara.nlp.topics.registry import match_topics

E = np.eye(6)


def _minter():
    counter = itertools.count(10)
    return lambda: f"T{next(counter):04d}"


def _mix(a: int, b: int, w: float = 0.5) -> np.ndarray:
    return w * E[a] + (1 - w) * E[b]


def test_identical_topics_keep_their_ids_in_any_order():
    result = match_topics(["T0001", "T0002"], E[:2], E[[1, 0]], [5, 5], 0.8, _minter())
    assert result.ids == ["T0002", "T0001"]
    assert [e.event for e in result.events] == ["matched", "matched"]


def test_split_gives_the_larger_child_the_old_id():
    # Old theme 1 = axes 0+1; the refit finds two topics close to it.
    old = np.array([E[0] + E[1], E[2]])
    new = np.array([E[0] + 0.9 * E[1], 0.9 * E[0] + E[1], E[2]])
    result = match_topics(["T0001", "T0002"], old, new, [10, 30, 8], 0.8, _minter())
    assert result.ids == ["T0010", "T0001", "T0002"]
    split = result.of("split")
    assert len(split) == 1 and split[0].theme_id == "T0010" and split[0].related == ("T0001",)


def test_merge_records_the_absorbed_theme_and_its_survivor():
    old = np.array([E[0] + 0.3 * E[1], 0.3 * E[0] + E[1], E[3]])
    new = np.array([E[0] + E[1], E[3]])
    result = match_topics(["T0001", "T0002", "T0003"], old, new, [50, 9], 0.8, _minter())
    assert result.ids == ["T0001", "T0003"]
    merged = result.of("merged")
    assert len(merged) == 1 and merged[0].theme_id == "T0002" and merged[0].related == ("T0001",)


def test_unmatched_old_is_retired_and_unmatched_new_is_new():
    result = match_topics(["T0001", "T0002"], E[:2], E[[0, 4]], [5, 5], 0.8, _minter())
    assert result.ids == ["T0001", "T0010"]
    assert [(e.event, e.theme_id) for e in result.events if e.event != "matched"] == [
        ("new", "T0010"), ("retired", "T0002")]


def test_empty_registry_makes_everything_new():
    result = match_topics([], np.zeros((0, 6)), E[:3], [1, 2, 3], 0.8, _minter())
    assert result.ids == ["T0010", "T0011", "T0012"] and len(result.of("new")) == 3


def test_centring_separates_themes_that_share_the_encoder_cone():
    # e5-like: every centroid is dominated by one common direction, so raw cosines are all ~0.99.
    common = 10 * E[5]
    old = np.array([common + E[0], common + E[1]])
    new = np.array([common + E[0] + 0.1 * E[2], common + E[3]])
    raw = match_topics(["T0001", "T0002"], old, new, [5, 5], 0.7, _minter())
    # The wrong story: the unrelated topic is called a split of T0001 and T0002 a merge, nothing retires.
    assert sorted(e.event for e in raw.events) == ["matched", "merged", "split"]
    centred = match_topics(["T0001", "T0002"], old, new, [5, 5], 0.7, _minter(), centre=common)
    assert centred.ids == ["T0001", "T0010"]
    assert [e.event for e in centred.events] == ["matched", "new", "retired"]
