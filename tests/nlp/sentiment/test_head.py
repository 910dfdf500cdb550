"""The shipped head on frozen embeddings (the lighter alternative to the adapter): offline, clear cases, calibrated."""

from __future__ import annotations

import numpy as np
import pytest
from suara.nlp.sentiment.head import DEFAULT_HEAD, HeadSentiment

from tests.nlp.sentiment.shipped import CLEAR, check_result, check_small_and_documented


def test_artefact_is_small_and_documented():
    check_small_and_documented(DEFAULT_HEAD)


def test_clear_examples(head_sentiment):
    result = head_sentiment.predict([t for t, _ in CLEAR])
    assert result.labels == [label for _, label in CLEAR]


def test_result_shape_range_and_calibration(head_sentiment):
    r = check_result(head_sentiment, [t for t, _ in CLEAR] + ["", "ok"])
    assert r.model_id.startswith("suara-head-multilingual-e5-small@")


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
