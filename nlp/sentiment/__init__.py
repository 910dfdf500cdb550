"""Sentiment behind one interface, whatever the backend.

Backends: Suara's LoRA adapter on e5 (the default), a trained head on frozen e5 embeddings, or any
Hugging Face text classifier.

Load with :func:`load_sentiment` (``cfg.sentiment``), then score without asking what kind of model it is::

    model = load_sentiment(cfg.sentiment, embedder=embedder)
    vectors, result = embed_and_score(embedder, model, texts)   # result is None unless the pass is shared
    if result is None:
        result = score_sentiment(model, texts, vectors)         # vectors used only by models that read them
    result.labels, result.scores, result.proba, result.model_id
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from suara.nlp.sentiment.base import SentimentModel, SentimentResult
from suara.nlp.sentiment.labels import LABELS

if TYPE_CHECKING:
    from suara.nlp.sentiment.config import SentimentConfig

__all__ = [
    "LABELS", "SentimentModel", "SentimentResult", "embed_and_score", "load_sentiment", "score_sentiment",
]


def load_sentiment(cfg: SentimentConfig, embedder: Any = None) -> SentimentModel:
    """Build the sentiment model the config names. Never downloads anything.

    Args:
        cfg: the ``sentiment`` config section. ``backend: default`` loads the shipped adapter (or the
            adapter or head file ``cfg.model`` points to); ``backend: hf`` loads ``cfg.model`` with
            ``transformers``.
        embedder: the e5 embedder the enrichment step already holds (default backend only); the
            adapter branches off its forward pass. One is created when ``None``.

    Raises:
        ValueError: ``backend: hf`` without ``model``.
        FileNotFoundError: the head file or model folder does not exist.
    """
    if cfg.backend == "hf":
        if not cfg.model:
            raise ValueError("sentiment.model must name a Hugging Face model id or folder for backend 'hf'")
        from suara.nlp.sentiment.hf import HFSentiment

        return HFSentiment(cfg.model, label_map=dict(cfg.label_map), batch_size=cfg.batch_size)
    from suara.nlp.sentiment.adapter import DEFAULT_ADAPTER, AdapterSentiment, is_adapter_file
    from suara.nlp.sentiment.head import HeadSentiment

    path = Path(cfg.model) if cfg.model else DEFAULT_ADAPTER
    if not path.exists():
        raise FileNotFoundError(f"{path}: sentiment model file not found (run `suara train`)")
    if is_adapter_file(path):
        return AdapterSentiment.load(path, embedder=embedder)
    return HeadSentiment.load(path, embedder=embedder)


def score_sentiment(model: Any, texts: Sequence[str], embeddings: np.ndarray | None = None) -> SentimentResult:
    """Sentiment of ``texts`` from any backend, through the cheapest path it has.

    Args:
        model: a sentiment model (:class:`SentimentModel` or anything with its attributes).
        texts: the texts to score.
        embeddings: their sentence embeddings from the model's encoder (row i is ``texts[i]``), when the
            caller holds them (e.g. cached); a head on embeddings then scores these instead of the texts.

    Returns:
        One result row per text.
    """
    if embeddings is not None and getattr(model, "uses_embeddings", False):
        return model.predict_from_embeddings(np.asarray(embeddings, dtype=np.float32))
    return model.predict(list(texts))


def embed_and_score(embedder: Any, model: Any, texts: Sequence[str]) -> tuple[np.ndarray, SentimentResult | None]:
    """Embeddings of ``texts`` and, when ``model`` branches off this embedder's pass, their sentiment too.

    Returns:
        ``(vectors, result)``: ``result`` is ``None`` when the model does not share the encoder pass
        (score those texts with :func:`score_sentiment`).
    """
    if getattr(model, "encodes_embeddings", False) and getattr(model, "embedder", None) is embedder:
        vectors, result = model.embed_and_predict(list(texts))
        return np.asarray(vectors, dtype=np.float32), result
    return np.asarray(embedder.embed(list(texts)), dtype=np.float32), None
