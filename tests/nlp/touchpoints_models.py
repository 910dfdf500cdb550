"""Real models for the touchpoint tests, loaded once per test process."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def embedder():
    """The configured default encoder (multilingual-e5-small in torch)."""
    from suara.flows.config import EmbeddingConfig
    from suara.nlp.embeddings import load_embedder

    return load_embedder(EmbeddingConfig())


@lru_cache(maxsize=1)
def sentiment():
    """The shipped default sentiment model on the same encoder."""
    from suara.flows.config import SentimentConfig
    from suara.nlp.sentiment import load_sentiment

    return load_sentiment(SentimentConfig(), embedder())
