"""The Hugging Face backend (on a tiny model built here), the factory and the text hash."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from suara.flows.config import EmbeddingConfig
from suara.nlp.embeddings import load_embedder, text_hash
from suara.nlp.embeddings.hf import HFEmbedder


@pytest.fixture(scope="module")
def tiny(tiny_hf_model):
    return HFEmbedder(str(tiny_hf_model), batch_size=2)


def test_hf_embeds_normalised_rows(tiny):
    out = tiny.embed(["the app is good", "the app is very slow", "not bad"])
    assert out.shape == (3, 16) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(out[0], out[1])


def test_hf_template_and_window_from_the_tokenizer(tiny):
    assert tiny.head == [2] and tiny.tail == [3]  # [CLS] ... [SEP]
    assert tiny.window == 8  # 10 positions minus the two specials
    assert tiny.use_prefix is False


def test_hf_long_text_is_chunked_and_averaged(tiny):
    window = "the app is good but very slow not".split()  # 8 words = exactly one window
    assert len(window) == tiny.window
    one = " ".join(window)
    # Three identical windows average to the single window's vector; truncation would also match, so a
    # different tail must move it.
    np.testing.assert_allclose(tiny.embed([" ".join(window * 3)])[0], tiny.embed([one])[0], atol=1e-5)
    longer = tiny.embed([" ".join(window + ["fast"] * 8)])[0]
    assert float(longer @ tiny.embed([one])[0]) < 0.9999


def test_hf_order_invariance(tiny):
    texts = ["good", "the app is very very very slow", "bad app", "fast"]
    np.testing.assert_allclose(tiny.embed(texts[::-1])[::-1], tiny.embed(texts), atol=1e-5)


def test_factory_builds_hf_backend_with_stable_model_id(tiny_hf_model):
    cfg = EmbeddingConfig(backend="hf", model=str(tiny_hf_model), batch_size=4)
    first, second = load_embedder(cfg), load_embedder(cfg)
    assert isinstance(first, HFEmbedder)
    assert first.model_id == second.model_id and first.model_id.startswith("hf:")


def test_factory_requires_a_model_for_hf():
    with pytest.raises(ValueError, match="embeddings.model"):
        load_embedder(EmbeddingConfig(backend="hf"))


def test_factory_default_is_torch_e5_in_native_precision(sample_texts, sample_embeddings):
    from suara.nlp.embeddings.e5_model import bf16_supported
    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

    backend = load_embedder(EmbeddingConfig())
    expected = "bf16" if bf16_supported() else "fp32"
    assert isinstance(backend, E5TorchEmbedder) and backend.model_id.endswith(f"/torch-{expected}")
    cosine = (backend.embed(sample_texts) * sample_embeddings).sum(axis=1)
    assert cosine.min() >= 0.999


def test_factory_maps_quantize_to_int8_and_rejects_bad_precision():
    from suara.nlp.embeddings.e5_torch import resolve_precision

    assert resolve_precision("int8") == "int8" and resolve_precision("auto") in ("bf16", "fp32")
    with pytest.raises(ValueError, match="precision"):
        resolve_precision("fp8")


def test_engine_rejects_unknown_prefix(engine):
    with pytest.raises(ValueError, match="prefix"):
        engine.embed(["x"], prefix="doc: ")


def test_text_hash_is_sha256_of_exact_text():
    assert text_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert text_hash("Bagus ") != text_hash("bagus ") != text_hash("bagus")
    assert text_hash("café") == hashlib.sha256("café".encode()).hexdigest()
