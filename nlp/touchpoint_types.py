"""What goes into and comes out of the touchpoint linker (:mod:`suara.nlp.touchpoints`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
from suara.nlp.touchpoint_prototypes import QUERY


class Embedder(Protocol):
    """What the linker needs from :mod:`suara.nlp.embeddings`."""

    model_id: str

    def embed(self, texts: Sequence[str], *, prefix: str = QUERY) -> np.ndarray: ...  # noqa: D102


class Sentiment(Protocol):
    """What the linker needs from :mod:`suara.nlp.sentiment` (``predict`` for text classifiers)."""

    def predict_from_embeddings(self, embeddings: np.ndarray): ...  # noqa: D102


@dataclass(frozen=True)
class LinkInput:
    """One item to link: its text plus what the warehouse already knows about it."""

    text: str
    embedding: np.ndarray | None = None
    """Cached embedding of the whole text (``query: `` prefix); encoded by the linker when ``None``."""
    sentiment_label: str | None = None
    sentiment_score: float | None = None
    two_sided: float | None = None
    """``min(p_negative, p_positive)`` of the whole text (with ``sentiment_label``): how mixed it may be."""
    channel: str | None = None
    kind: str | None = None
    touchpoint_hint: str | None = None


@dataclass(frozen=True)
class Mention:
    """One touchpoint mentioned by one item."""

    touchpoint: str
    journey_stage: str | None
    confidence: float
    sentiment_label: str | None
    sentiment_score: float | None
    evidence: str | None
    """The clause that links it, or the whole text of an item scored as one unit (``None`` for hint-only
    links and ``unlinked``)."""
    method: str
    """``embedding``, ``keyword``, ``embedding+keyword``, ``hint``, ``channel`` (joined with ``+``), ``none``."""
    is_primary: bool = False


def mark_primary(mentions: list[Mention]) -> list[Mention]:
    """The mentions, most primary first, the first marked ``is_primary`` (source hint, text, confidence)."""
    def key(m: Mention) -> tuple:
        # The source's explicit touchpoint first (it knows), then text links, then channel-implied ones.
        hinted = "hint" in m.method.split("+")
        from_text = not m.method.startswith("channel")
        return (hinted, from_text, round(m.confidence, 2),
                -(m.sentiment_score if m.sentiment_score is not None else 0.0))

    ordered = sorted(mentions, key=key, reverse=True)
    return [replace(ordered[0], is_primary=True), *ordered[1:]]


def cap_parts(parts: list[str], limit: int) -> list[str]:
    """The clauses of a text, grouped into at most ``limit`` chunks (bounds the encoder cost of long texts)."""
    if len(parts) <= limit:
        return parts
    size = -(-len(parts) // limit)
    return [" ".join(parts[i : i + size]) for i in range(0, len(parts), size)]


def item_sentiment(item: LinkInput, labels: list, scores: list, rows: list[int]) -> tuple:
    """Sentiment of a hint-only or unlinked mention: the item's own, else its most strongly felt unit (by row)."""
    if item.sentiment_label is not None:
        return item.sentiment_label, item.sentiment_score
    known = [r for r in rows if scores[r] is not None]
    if not known:
        return None, None
    r = max(known, key=lambda r: abs(scores[r]))
    return labels[r], scores[r]
