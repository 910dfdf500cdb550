"""The touchpoint channel: an item about two things groups with the touchpoint it complains about."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from suara.nlp.topics import TopicParams, fit_topics
from suara.nlp.topics.space import side_by_side, touchpoint_block


def test_block_is_one_hot_and_uniform_for_unlinked_items():
    block = touchpoint_block(["app", None, "delivery", "app"])
    assert block.tolist() == [[1, 0], [0.5, 0.5], [0, 1], [1, 0]]
    assert touchpoint_block(["app", None, "app"]) is None  # one touchpoint tells nothing
    joint = side_by_side(np.eye(4, 3), None, block, 0.4)
    assert joint.shape == (4, 5) and np.allclose(np.linalg.norm(joint, axis=1), 1)


def _mixed(n: int = 600, seed: int = 0):
    """Two topics whose texts are clear for 60% of the items and a blend of both for the rest."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=32), rng.normal(size=32)
    truth = rng.integers(0, 2, n)
    blend = rng.random(n) < 0.4
    emb = np.where(truth[:, None] == 0, a, b) + rng.normal(size=(n, 32)) * 0.6
    emb[blend] = (a + b) / 2 + rng.normal(size=(blend.sum(), 32)) * 0.6
    docs = [f"{'lambat kirim' if t == 0 else 'aplikasi error'} {i}" for i, t in enumerate(truth)]
    return emb / np.linalg.norm(emb, axis=1, keepdims=True), docs, truth


def test_items_blending_two_topics_follow_their_touchpoint():
    emb, docs, truth = _mixed()
    touchpoints = ["delivery" if t == 0 else "app" for t in truth]
    params = TopicParams(min_topic_size=15, words="off")
    plain = fit_topics(docs, emb, params)
    guided = fit_topics(docs, emb, params, touchpoints=touchpoints)
    off = fit_topics(docs, emb, TopicParams(min_topic_size=15, words="off", touchpoint_weight=0.0),
                     touchpoints=touchpoints)
    purity = {name: _purity(truth, r.topics) for name, r in (("plain", plain), ("guided", guided))}
    # without the channel the blended 40% are split between the topics by noise (purity ~0.8)
    assert purity["guided"] > 0.95 > purity["plain"], purity
    assert normalized_mutual_info_score(truth, guided.topics) > normalized_mutual_info_score(truth, plain.topics)
    assert np.array_equal(off.topics, plain.topics)  # weight 0 turns the channel off


def _purity(truth: np.ndarray, topics: np.ndarray) -> float:
    """Share of the items in their theme's majority truth."""
    return sum(np.bincount(truth[topics == t]).max() for t in np.unique(topics)) / len(truth)
