"""The shipped default adapter: offline, small, documented, right on clear cases, one pass for both outputs."""

from __future__ import annotations

import numpy as np
import pytest
from suara.nlp.sentiment.adapter import DEFAULT_ADAPTER, AdapterParams, AdapterSentiment
from suara.nlp.sentiment.artefact import artefact_model_id

from tests.nlp.sentiment import shipped
from tests.nlp.sentiment.shipped import check_result, check_small_and_documented

CLEAR = [
    *shipped.CLEAR,
    ("the courier was friendly and my parcel arrived a day early", "positive"),
    ("udah 3x transfer tapi saldo gak masuk2, cs gak bales", "negative"),
]


def test_artefact_is_small_and_documented():
    card = check_small_and_documented(DEFAULT_ADAPTER)
    assert card["kind"] == "suara-sentiment-adapter" and "reproduce" in card
    assert set(card["metrics"]) >= {"heldback", "smsa-valid", "nusax-en-valid", "nusax-id-valid", "tweeteval-holdout"}
    params = AdapterParams.load(DEFAULT_ADAPTER)
    assert params.start == card["recipe"]["start"] and len(params.lora) == 6 * (12 - params.start)


def test_clear_examples(default_sentiment):
    assert isinstance(default_sentiment, AdapterSentiment)
    result = default_sentiment.predict([t for t, _ in CLEAR])
    assert result.labels == [label for _, label in CLEAR]


def test_slang_double_negation_through_the_pipeline_normaliser(default_sentiment):
    """Issue 3: the enrichment step scores the normalised text (gak -> tidak, bgt -> banget)."""
    from suara.nlp.normalize import normalize

    text = normalize("gak jelek kok, malah bagus bgt", language="id")
    assert default_sentiment.predict([text]).labels == ["positive"]


def test_english_slang_praise(default_sentiment):
    assert default_sentiment.predict(["the app is sick, love it"]).labels == ["positive"]


def test_result_shape_range_and_calibration(default_sentiment):
    r = check_result(default_sentiment, [t for t, _ in CLEAR] + ["", "ok"])
    assert r.model_id == artefact_model_id("adapter", DEFAULT_ADAPTER)


def test_one_pass_gives_e5_embeddings_unchanged(default_sentiment, e5_embedder):
    """The adapter branches off e5's forward pass; the embedding themes and touchpoints use is e5's own."""
    texts = [t for t, _ in CLEAR]
    embeddings, result = default_sentiment.embed_and_predict(texts)
    np.testing.assert_allclose(embeddings, e5_embedder.embed(texts), atol=1e-6)
    np.testing.assert_allclose(result.proba, default_sentiment.predict(texts).proba, atol=1e-6)
    assert default_sentiment.embedder is e5_embedder


def test_long_text_is_windowed_not_truncated(default_sentiment):
    """A complaint after 600 tokens of praise still pulls the score down (windows are averaged)."""
    praise = "pelayanan ramah dan pengiriman cepat sekali. " * 80
    complaint = "barang rusak, refund ditolak, sangat kecewa dan marah. " * 80
    r = default_sentiment.predict([praise, praise + complaint])
    assert r.scores[1] < r.scores[0] - 0.3


def test_zero_deltas_reproduce_e5(e5_embedder):
    """Merging is right: an adapter whose B factors are zero turns the branch into e5's own top layers."""
    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

    fp32 = E5TorchEmbedder(precision="fp32")
    params = AdapterParams.load(DEFAULT_ADAPTER)
    params.lora = {k: (a, np.zeros_like(b)) for k, (a, b) in params.lora.items()}
    model = AdapterSentiment(params, embedder=fp32)
    texts = [t for t, _ in CLEAR]
    embeddings, pooled = fp32.embed_with_branch(texts, model.branch_)
    pooled = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    assert float((embeddings * pooled).sum(axis=1).min()) > 0.99999


def test_save_load_round_trip_and_model_id_follows_bytes(tmp_path):
    params = AdapterParams.load(DEFAULT_ADAPTER)
    copy = params.save(tmp_path / "copy.npz")
    again = AdapterParams.load(copy)
    assert again.start == params.start and again.scale == params.scale and again.card == params.card
    for key, (a, b) in params.lora.items():
        np.testing.assert_array_equal(again.lora[key][0], a)
        np.testing.assert_array_equal(again.lora[key][1], b)
    assert artefact_model_id("adapter", copy).startswith("suara-adapter-multilingual-e5-small@")
    params.head_b = params.head_b + 1.0
    changed = params.save(tmp_path / "changed.npz")
    assert artefact_model_id("adapter", changed) != artefact_model_id("adapter", copy)


def test_missing_file_and_misfit_deltas_raise(tmp_path, e5_embedder):
    with pytest.raises(FileNotFoundError, match="suara train"):
        AdapterParams.load(tmp_path / "nope.npz")
    params = AdapterParams.load(DEFAULT_ADAPTER)
    key = next(iter(params.lora))
    params.lora[key] = (np.zeros((4, 10), np.float32), np.zeros((10, 4), np.float32))
    with pytest.raises(ValueError, match=key):
        AdapterSentiment(params, embedder=e5_embedder)


def test_loading_never_needs_network(monkeypatch, e5_embedder):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = AdapterSentiment.load(embedder=e5_embedder)
    assert model.encodes_embeddings and not model.uses_embeddings
