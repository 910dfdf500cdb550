"""The words channel of the partition (issue 11): LSA of the items' own vocabulary beside the encoder."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from suara.nlp.topics.lexical import lexical_vectors
from suara.nlp.topics.model import TopicParams, fit_topics
from suara.nlp.topics.space import joint_centroids, normalize_rows, side_by_side

TOPICS = [["wifi", "sinyal", "internet", "lemot"], ["handuk", "sprei", "bantal", "kotor"],
          ["kamar", "mandi", "shower", "air"], ["sarapan", "makanan", "menu", "enak"]]


def _corpus(n: int = 600, seed: int = 0):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, len(TOPICS), size=n)
    docs = [" ".join(rng.choice(TOPICS[t], size=3)) + f" tamu{i % 7}" for i, t in enumerate(truth)]
    # An encoder that sees only tone and noise: its space alone cannot find the topics.
    emb = normalize_rows(rng.normal(size=(n, 32)))
    return docs, emb, truth


def test_words_channel_finds_topics_the_encoder_space_misses():
    docs, emb, truth = _corpus()
    with_words = fit_topics(docs, emb, TopicParams(min_topic_size=15, words="lsa")).topics
    encoder_only = fit_topics(docs, emb, TopicParams(min_topic_size=15, words="off")).topics
    assert normalized_mutual_info_score(truth, with_words) > 0.6 > 0.2 > normalized_mutual_info_score(
        truth, encoder_only)


def test_item_without_known_words_is_placed_by_the_encoder_alone():
    docs, emb, _ = _corpus(200)
    docs[0] = "👍"
    words = lexical_vectors(docs, banned=frozenset({"tamu1"}))
    assert np.allclose(words[0], 0) and np.allclose(np.linalg.norm(words[1:], axis=1), 1, atol=1e-5)
    joint = side_by_side(emb, lexical_vectors(docs))
    assert np.allclose(joint[0, : emb.shape[1]], emb[0], atol=1e-5)


def test_refit_starts_from_previous_themes_grouped_in_the_joint_space():
    docs, emb, truth = _corpus(300)
    joint = side_by_side(emb, lexical_vectors(docs))
    previous = normalize_rows(np.stack([emb[truth == t].mean(axis=0) for t in range(4)] + [np.ones(32)]))
    starts = joint_centroids(emb, joint, previous)
    assert starts.shape[1] == joint.shape[1] and len(starts) <= 5
    assert np.allclose(np.linalg.norm(starts, axis=1), 1, atol=1e-5)
