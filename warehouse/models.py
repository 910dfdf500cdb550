"""The one model loader: the embedder and sentiment model a config names, loaded once per process.

Path rule (the same for every command): a relative ``embeddings.model`` or ``sentiment.model`` is
resolved against the folder of the config file; when nothing exists there, the value is used as it
is (a Hugging Face model id, or an absolute path). Models load on first use and are then reused by
every step of the process (a Dask worker loads its own), so a run with nothing to do loads none.
"""

from __future__ import annotations

import threading
from typing import Any

from suara.warehouse.config import WarehouseSettings

_CACHE: dict[str, Any] = {}
_LOCK = threading.RLock()


def resolve_model(cfg: WarehouseSettings, section):
    """The section with ``model`` resolved against the config file's folder when it names a file there."""
    if section.model and cfg.resolve(section.model).exists():
        return section.model_copy(update={"model": str(cfg.resolve(section.model))})
    return section  # a Hugging Face model id, an absolute path, or unset


def _cached(key: str, build):
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = build()
        return _CACHE[key]


def embedder_for(cfg: WarehouseSettings) -> Any:
    """The embedder of ``cfg.embeddings`` (loaded on first use, then shared by the process)."""
    section = resolve_model(cfg, cfg.embeddings)

    def build():
        from suara.nlp.embeddings import load_embedder

        return load_embedder(section)

    return _cached("embedder:" + section.model_dump_json(), build)


def sentiment_for(cfg: WarehouseSettings, embedder: Any = None) -> Any:
    """The sentiment model of ``cfg.sentiment``; shared per process unless ``embedder`` is given.

    The default backend branches off the config's embedder (loaded too); a Hugging Face classifier
    reads texts and needs none.
    """
    section = resolve_model(cfg, cfg.sentiment)
    from suara.nlp.sentiment import load_sentiment

    if embedder is not None:
        return load_sentiment(section, embedder)
    if section.backend == "hf":
        return _cached("sentiment:" + section.model_dump_json(), lambda: load_sentiment(section))
    shared = embedder_for(cfg)
    key = "sentiment:" + section.model_dump_json() + resolve_model(cfg, cfg.embeddings).model_dump_json()
    return _cached(key, lambda: load_sentiment(section, shared))


def load_models(cfg: WarehouseSettings, embedder: Any = None, sentiment: Any = None) -> tuple[Any, Any]:
    """The configured embedder and sentiment model; given ones are used as they are.

    Args:
        cfg: the configuration (``embeddings``, ``sentiment`` and the config file's folder).
        embedder: an embedder to use instead of the configured one.
        sentiment: a sentiment model to use instead of the configured one.
    """
    embedder = embedder if embedder is not None else embedder_for(cfg)
    if sentiment is None:
        shared = embedder is _CACHE.get("embedder:" + resolve_model(cfg, cfg.embeddings).model_dump_json())
        sentiment = sentiment_for(cfg, None if shared else embedder)
    return embedder, sentiment
