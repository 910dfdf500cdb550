"""The Hugging Face backend with a tiny model the test builds and saves itself (no downloads)."""

from __future__ import annotations

import numpy as np
import pytest
from suara.flows.config import SentimentConfig
from suara.nlp.sentiment import LABELS, load_sentiment
from suara.nlp.sentiment.hf import HFSentiment, mapping_matrix

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "bagus", "jelek", "biasa", "the", "app", "is", "good", "bad"]


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    """A random-init 3-class BERT classifier with a word-level tokenizer, saved to disk."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-hf")
    vocab = {w: i for i, w in enumerate(WORDS)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", model_max_length=64)
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(WORDS), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64, num_labels=3,
                        id2label={0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
                        label2id={"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2})
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


def test_hf_backend_with_label_map(tiny_model_dir):
    cfg = SentimentConfig(backend="hf", model=str(tiny_model_dir),
                          label_map={"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive"})
    model = load_sentiment(cfg)
    texts = ["the app is good", "jelek", "biasa biasa", "bagus bagus bagus", "unknown words here"]
    result = model.predict(texts)
    assert len(result) == len(texts)
    assert result.proba.shape == (5, 3)
    np.testing.assert_allclose(result.proba.sum(axis=1), 1.0, atol=1e-5)
    assert set(result.labels) <= set(LABELS)
    assert all(LABELS[i] == lab for i, lab in zip(result.proba.argmax(axis=1), result.labels, strict=True))
    np.testing.assert_allclose(result.scores, result.proba[:, 2] - result.proba[:, 0], atol=1e-6)
    assert result.model_id == f"hf:{tiny_model_dir}"


def test_hf_backend_matches_raw_model(tiny_model_dir):
    """A permuted label map permutes the raw softmax columns exactly."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    label_map = {"LABEL_0": "positive", "LABEL_1": "negative", "LABEL_2": "neutral"}
    model = HFSentiment(str(tiny_model_dir), label_map=label_map)
    texts = ["the app is bad", "bagus"]
    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    raw = AutoModelForSequenceClassification.from_pretrained(tiny_model_dir).eval()
    with torch.no_grad():
        p = torch.softmax(raw(**tok(texts, padding=True, return_tensors="pt")).logits, dim=-1).numpy()
    got = model.predict(texts).proba
    np.testing.assert_allclose(got[:, 2], p[:, 0], atol=1e-5)  # LABEL_0 -> positive
    np.testing.assert_allclose(got[:, 0], p[:, 1], atol=1e-5)  # LABEL_1 -> negative


def test_unmapped_labels_raise_with_hint(tiny_model_dir):
    with pytest.raises(ValueError, match="label_map"):
        HFSentiment(str(tiny_model_dir))


def test_hf_missing_model_never_downloads(tmp_path):
    with pytest.raises(FileNotFoundError, match="never downloads"):
        HFSentiment(str(tmp_path / "nope"))


def test_mapping_two_class_and_stars():
    two = mapping_matrix({0: "NEGATIVE", 1: "POSITIVE"})
    np.testing.assert_array_equal(two, [[1, 0, 0], [0, 0, 1]])
    stars = mapping_matrix({i: f"{i + 1} star{'s' if i else ''}" for i in range(5)})
    np.testing.assert_array_equal(stars.argmax(axis=1), [0, 0, 1, 2, 2])
    by_index = mapping_matrix({0: "LABEL_0", 1: "LABEL_1"}, {"0": "negative", "1": "positive"})
    np.testing.assert_array_equal(by_index, [[1, 0, 0], [0, 0, 1]])
