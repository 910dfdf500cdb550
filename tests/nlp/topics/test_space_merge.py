"""Theme space (language means removed) and merging near-duplicate topics (issue 4)."""

from __future__ import annotations

import numpy as np
from suara.nlp.topics.model import OUTLIER, TopicParams, merge_similar, renumber_by_size
from suara.nlp.topics.space import ALL, LanguageSpace, normalize_rows


def _bilingual(seed: int = 0, n: int = 120, dim: int = 32):
    """Two problems x two languages; each language adds a strong shared offset (as e5 does)."""
    rng = np.random.default_rng(seed)
    problems = rng.normal(size=(2, dim))
    offsets = {"id": 3 * rng.normal(size=dim), "en": 3 * rng.normal(size=dim)}
    rows, langs, truth = [], [], []
    for i in range(n):
        p, lang = i % 2, ("id", "en")[(i // 2) % 2]
        rows.append(problems[p] + offsets[lang] + 0.3 * rng.normal(size=dim))
        langs.append(lang)
        truth.append(p)
    return normalize_rows(np.array(rows)), langs, np.array(truth)


def _centroid_cos(x, mask_a, mask_b):
    a, b = x[mask_a].mean(axis=0), x[mask_b].mean(axis=0)
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_language_means_bring_translations_together():
    x, langs, truth = _bilingual()
    lang = np.array(langs)
    same_problem = (truth == 0) & (lang == "id"), (truth == 0) & (lang == "en")
    other_problem_same_language = (truth == 0) & (lang == "id"), (truth == 1) & (lang == "id")
    raw_gap = _centroid_cos(x, *same_problem) - _centroid_cos(x, *other_problem_same_language)
    z = LanguageSpace().fit(x, langs).transform(x, langs)
    gap = _centroid_cos(z, *same_problem) - _centroid_cos(z, *other_problem_same_language)
    assert raw_gap < 0 < gap  # raw: language dominates; centred: the problem does


def test_space_round_trips_and_unknown_languages_use_the_all_items_mean():
    x, langs, _ = _bilingual()
    space = LanguageSpace().fit(x, langs)
    again = LanguageSpace.from_rows(space.rows())
    assert np.allclose(again.transform(x[:5], langs[:5]), space.transform(x[:5], langs[:5]))
    assert np.allclose(space.transform(x[:1], ["xx"]), normalize_rows(x[:1] - space.means_[ALL]))
    assert np.allclose(LanguageSpace().transform(x[:3], langs[:3]), x[:3], atol=1e-6)  # unfitted: identity


def test_merge_joins_language_twins_but_keeps_different_problems():
    x, langs, truth = _bilingual()
    z = LanguageSpace().fit(x, langs).transform(x, langs)
    lang = np.array(langs)
    topics = truth * 2 + (lang == "en")  # four topics: problem x language, as HDBSCAN tends to find them
    topics[:4] = OUTLIER
    merged = merge_similar(z, topics, 0.6)
    assert len(set(merged[merged >= 0])) == 2 and (merged[:4] == OUTLIER).all()
    for p in (0, 1):
        assert len(set(merged[4:][truth[4:] == p])) == 1
    assert len(set(merge_similar(z, topics, 0.999)[4:])) == 4  # a strict threshold merges nothing


def test_renumber_by_size_and_min_cluster_size_scale_with_data():
    assert renumber_by_size(np.array([5, 5, 2, -1, 2, 2])).tolist() == [1, 1, 0, -1, 0, 0]
    params = TopicParams(min_topic_size=15, min_topic_share=0.01)
    assert params.min_cluster_size(600) == 15 and params.min_cluster_size(6000) == 60
    assert params.min_cluster_size(20_000) == 200
