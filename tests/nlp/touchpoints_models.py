"""Real models for the touchpoint tests, loaded once per test process."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np


@lru_cache(maxsize=1)
def embedder():
    """The configured default encoder (multilingual-e5-small in torch)."""
    from flows.config import EmbeddingConfig
    from nlp.embeddings import load_embedder

    return load_embedder(EmbeddingConfig())


class AnchorSentiment:
    """Stand-in used only while the shipped sentiment head is absent: nearest of two anchor centroids."""

    uses_embeddings = True
    POSITIVE = ["ramah", "baik sekali", "sangat membantu", "cepat dan bagus", "friendly and helpful", "great"]
    NEGATIVE = ["error terus", "gagal, mengecewakan", "lambat dan rusak", "it keeps failing", "terrible, broken"]

    def __init__(self, emb) -> None:
        self.pos_ = emb.embed(self.POSITIVE).mean(axis=0)
        self.neg_ = emb.embed(self.NEGATIVE).mean(axis=0)

    def predict_from_embeddings(self, embeddings: np.ndarray):
        score = np.clip((embeddings @ self.pos_ - embeddings @ self.neg_) * 10, -1, 1)
        labels = ["positive" if s > 0.05 else "negative" if s < -0.05 else "neutral" for s in score]
        return SimpleNamespace(labels=labels, scores=score)


@lru_cache(maxsize=1)
def sentiment():
    """The shipped sentiment head on the same encoder, or the anchor stand-in while it is absent."""
    from flows.config import SentimentConfig

    try:
        from nlp.sentiment import load_sentiment

        return load_sentiment(SentimentConfig(), embedder())
    except (ImportError, FileNotFoundError):
        return AnchorSentiment(embedder())
