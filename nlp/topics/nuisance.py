"""Directions that must not decide a theme: sentiment, and @handles, #tags and links (issue 11).

On real feedback the language-centred e5 space is organised by sentiment first (5,400 marketplace reviews
fell into one positive and one negative blob) and, on tweets, by the brand handle each tweet is addressed to
(one theme per @handle). Both are mostly a *shift* of the embedding: the mean of the negative items differs
from the mean of the positive ones along a few directions, and so do the tweets that carry ``@united`` from
those that do not. :class:`NuisanceSpace` estimates those directions from the window being fitted:

* sentiment: mean of the items the sentiment model calls negative minus the mean of the positive ones;
* each @handle, #tag and link marker used by at least ``MIN_TOKEN_SHARE`` of the items (and by at least
  ``MIN_GROUP`` items, with at least as many without it): mean of the items with it minus the mean of the rest;

and removes their span (orthonormalised) from every embedding, so the grouping follows what the text is about.
Every quantity is relative to the data: shares of the window, means of its own groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from suara.nlp.topics.space import normalize_rows

MIN_TOKEN_SHARE = 0.01
"""A handle/tag/link marker used by this share of the items gets its own direction."""
MIN_GROUP = 20
"""Items a direction needs on each side of its split (fewer give a noisy mean)."""
MAX_TOKEN_DIRECTIONS = 32
"""Most handle/tag directions removed (the most used first); the space keeps 384 minus these dimensions."""
_MARKER = re.compile(r"(?<![\w@#$])([@#$])([^\W\d]\w+)|(https?://\S+|www\.\S+|\{link\})", re.IGNORECASE)


def markers(text: str) -> set[str]:
    """The @handles, #tags, $cashtags and a ``<link>`` marker a text carries (lowercase, with their sigil)."""
    found = set()
    for sigil, word, link in _MARKER.findall(text or ""):
        found.add("<link>" if link else f"{sigil}{word.lower()}")
    return found


def _direction(emb: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """Mean of the rows in ``mask`` minus the mean of the others, or None when a side is too small."""
    inside = int(mask.sum())
    if inside < MIN_GROUP or len(mask) - inside < MIN_GROUP:
        return None
    return emb[mask].mean(axis=0) - emb[~mask].mean(axis=0)


def frequent_markers(texts: list[str]) -> list[tuple[str, np.ndarray]]:
    """``(marker, item mask)`` of the markers used by at least ``MIN_TOKEN_SHARE`` of ``texts``, most used first."""
    per_text = [markers(t) for t in texts]
    counts: dict[str, int] = {}
    for found in per_text:
        for m in found:
            counts[m] = counts.get(m, 0) + 1
    floor = max(MIN_GROUP, MIN_TOKEN_SHARE * len(texts))
    chosen = sorted((m for m, c in counts.items() if c >= floor), key=lambda m: (-counts[m], m))
    chosen = chosen[:MAX_TOKEN_DIRECTIONS]
    return [(m, np.array([m in found for found in per_text])) for m in chosen]


@dataclass
class NuisanceSpace:
    """An orthonormal basis of nuisance directions; ``transform`` projects it out and re-normalises."""

    names_: list[str] = field(default_factory=list)
    """What each basis row was estimated from (``sentiment``, ``@united``, ``<link>``, ...)."""
    basis_: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    """(r, d) orthonormal rows spanning the removed directions."""

    def fit(self, embeddings: np.ndarray, texts: list[str], sentiment: list[str] | None = None) -> NuisanceSpace:
        """Estimate the directions from (language-centred, normalised) embeddings and their raw texts.

        Args:
            embeddings: (n, d) rows, aligned with ``texts``.
            texts: raw texts (handles and links are read from them).
            sentiment: ``negative`` | ``neutral`` | ``positive`` per item; ``None`` skips the sentiment direction.
        """
        emb = np.asarray(embeddings, dtype=np.float64)
        names, vectors = [], []
        if sentiment is not None and len(emb):
            labels = np.asarray(sentiment)
            neg, pos = labels == "negative", labels == "positive"
            if neg.sum() >= MIN_GROUP and pos.sum() >= MIN_GROUP:
                names.append("sentiment")
                vectors.append(emb[neg].mean(axis=0) - emb[pos].mean(axis=0))
        for marker, mask in frequent_markers(texts) if len(emb) else []:
            vec = _direction(emb, mask)
            if vec is not None:
                names.append(marker)
                vectors.append(vec)
        self.basis_, kept = _orthonormal(vectors, emb.shape[1] if emb.ndim == 2 else 0)
        self.names_ = [name for name, keep in zip(names, kept, strict=True) if keep]
        return self

    def transform(self, embeddings: np.ndarray) -> np.ndarray:
        """Remove the basis' span from each row and L2-normalise (identity when no direction was found)."""
        emb = np.asarray(embeddings, dtype=np.float32)
        if self.basis_.size == 0 or len(emb) == 0:
            return normalize_rows(emb)
        return normalize_rows(emb - (emb @ self.basis_.T) @ self.basis_)

    def rows(self) -> list[tuple[str, list[float]]]:
        """``(name, basis row)`` pairs for storage, in order."""
        return [(name, [float(x) for x in row]) for name, row in zip(self.names_, self.basis_, strict=True)]

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> NuisanceSpace:
        """Rebuild from stored ``(name, basis row)`` pairs (an empty list gives the identity)."""
        if not rows:
            return cls()
        return cls([r[0] for r in rows], np.asarray([r[1] for r in rows], dtype=np.float32))


def _orthonormal(vectors: list[np.ndarray], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Orthonormal rows spanning ``vectors`` in order (Gram-Schmidt via QR) and which vectors added a row.

    A vector (nearly) in the span of the earlier ones adds nothing and is dropped.
    """
    if not vectors:
        return np.zeros((0, dim), np.float32), np.zeros(0, dtype=bool)
    q, r = np.linalg.qr(np.stack(vectors).T)
    keep = np.abs(np.diag(r)) > 1e-3 * np.linalg.norm(np.stack(vectors), axis=1)
    return np.ascontiguousarray(q[:, keep].T, dtype=np.float32), keep
