"""Sentiment behind one interface: the built-in trained head on e5, or any Hugging Face classifier.

Use :func:`load_sentiment` with the config's ``sentiment`` section::

    model = load_sentiment(cfg.sentiment, embedder=embedder)
    if model.encodes_embeddings:       # the default adapter: one forward pass gives both
        embeddings, result = model.embed_and_predict(texts)
    elif model.uses_embeddings:        # a head on frozen embeddings: scores cached vectors
        result = model.predict_from_embeddings(embeddings)
    else:
        result = model.predict(texts)
    result.labels, result.scores, result.proba, result.model_id
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from suara.nlp.sentiment.base import SentimentModel, SentimentResult
from suara.nlp.sentiment.labels import LABELS

if TYPE_CHECKING:
    from suara.nlp.sentiment.config import SentimentConfig

__all__ = ["LABELS", "SentimentModel", "SentimentResult", "load_sentiment"]


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
