"""The shipped head on frozen embeddings (the lighter alternative to the adapter): offline, clear cases, calibrated."""

from __future__ import annotations

import json

import numpy as np
import pytest
from suara.nlp.sentiment import LABELS, SentimentModel
from suara.nlp.sentiment.head import DEFAULT_HEAD, HeadSentiment

CLEAR = [
    ("aplikasi sering error, kecewa berat", "negative"),
    ("pengiriman cepat, barang sesuai pesanan, mantap", "positive"),
    ("worst customer service ever, still waiting for my refund", "negative"),
    ("Jam buka toko mulai pukul 09.00 sampai 21.00 WIB.", "neutral"),
]


def test_artefact_is_small_and_documented():
    card = json.loads(DEFAULT_HEAD.with_suffix(".json").read_text("utf-8"))
    for path in DEFAULT_HEAD.parent.iterdir():
        assert path.stat().st_size < 20 * 1024 * 1024, path
    assert card["labels"] == list(LABELS)
    assert card["encoder"]["family"] == "multilingual-e5-small"
    assert {"recipe", "seed", "data", "metrics"} <= set(card)


def test_clear_examples(head_sentiment):
    result = head_sentiment.predict([t for t, _ in CLEAR])
    assert result.labels == [label for _, label in CLEAR]


def test_result_shape_range_and_calibration(head_sentiment):
    texts = [t for t, _ in CLEAR] + ["", "ok"]
    r = head_sentiment.predict(texts)
    assert isinstance(head_sentiment, SentimentModel)
    assert r.proba.shape == (len(texts), 3) and len(r) == len(texts)
    np.testing.assert_allclose(r.proba.sum(axis=1), 1.0, atol=1e-5)
    assert ((r.scores >= -1) & (r.scores <= 1)).all()
    np.testing.assert_allclose(r.scores, r.proba[:, 2] - r.proba[:, 0], atol=1e-6)
    assert r.labels == [LABELS[i] for i in r.proba.argmax(axis=1)]
    assert r.model_id.startswith("suara-head-multilingual-e5-small@")
    assert head_sentiment.predict([]).proba.shape == (0, 3)


def test_predict_from_embeddings_matches_predict(head_sentiment, e5_embedder):
    texts = [t for t, _ in CLEAR]
    layers = head_sentiment.feature_layers
    if layers:
        emb, feats = e5_embedder.embed_with_features(texts, layers)
    else:
        emb, feats = e5_embedder.embed(texts), None
    one_pass = head_sentiment.predict_from_embeddings(emb, feats)
    np.testing.assert_allclose(one_pass.proba, head_sentiment.predict(texts).proba, atol=1e-5)
    with pytest.raises(ValueError, match="expects"):
        head_sentiment.predict_from_embeddings(np.zeros((2, 7), np.float32), feats[:2] if layers else None)


def test_loading_never_needs_network(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = HeadSentiment.load()
    assert model.uses_embeddings and model.model_id == HeadSentiment.load().model_id
