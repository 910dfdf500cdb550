"""Link feedback to journey touchpoints, per text or clause, with the sentiment of each mention.

Every item's whole text is scored against every touchpoint by combining

* embedding similarity to the touchpoint's prototypes (its descriptions and seed
  phrases, embedded once with the ``query: `` prefix), taken as the margin over
  the text's median similarity to all touchpoints (e5 cosines are compressed:
  the margin is what separates topics);
* keyword rules (whole words in either language, Indonesian enclitics allowed);
* and, per item, the source's own hints (an explicit touchpoint, a ticket's channel).

A logistic calibration (:class:`Calibration`) turns these into a confidence in
0..1. A touchpoint links when its confidence reaches the threshold. The primary
touchpoint is the most confident text link (ties: the more negative mention);
an item with no link gets one ``unlinked`` mention.

Clauses (:mod:`suara.nlp.clauses`) cost one encoder pass each, so they are scored only
where they can change the answer: an item whose whole text is a candidate for two
or more touchpoints and may be mixed (:meth:`TouchpointLinker.needs_clauses`); then
each mention carries the sentiment of the clause that links it ("kurirnya ramah |
tapi aplikasinya error": delivery positive, payment negative). Every other item is
one unit with its cached embedding and sentiment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np
from suara.nlp.clauses import has_contrast, split_clauses
from suara.nlp.sentiment.labels import LABEL_INDEX
from suara.nlp.taxonomy import UNLINKED, Taxonomy
from suara.nlp.touchpoint_prototypes import BACKGROUND, QUERY, embed_prototypes, keyword_pattern, prototype_texts

__all__ = [
    "Calibration", "LinkInput", "Mention", "TouchpointLinker", "keyword_pattern", "prototype_texts", "QUERY",
]

MAX_CLAUSES = 16
"""Longer texts have their clauses grouped into this many chunks (bounds the encoder cost)."""
SPLIT_GATE = 0.5
"""Default whole-text confidence at which a touchpoint counts as a candidate (see ``needs_clauses``)."""
TWO_SIDED = 0.05
"""Default ``min(p_negative, p_positive)`` of a whole text from which it may be mixed (``needs_clauses``)."""


class Embedder(Protocol):
    """What the linker needs from :mod:`suara.nlp.embeddings`."""

    model_id: str

    def embed(self, texts: Sequence[str], *, prefix: str = QUERY) -> np.ndarray: ...  # noqa: D102


class Sentiment(Protocol):
    """What the linker needs from :mod:`suara.nlp.sentiment` (``predict`` for text classifiers)."""

    def predict_from_embeddings(self, embeddings: np.ndarray): ...  # noqa: D102


@dataclass(frozen=True)
class Calibration:
    """Logistic calibration of clause × touchpoint evidence into a confidence.

    ``confidence = sigmoid(bias + margin_weight * margin + keyword_weight * keyword + top_weight * is_top)``
    where ``margin`` is the similarity minus the clause's median similarity over all touchpoints,
    ``keyword`` whether a keyword of the touchpoint occurs in the clause and ``is_top`` whether
    the touchpoint is the clause's most similar one. Fitted by logistic regression on item-level
    evidence of 500 MAMS-ACSA train sentences and 400 HoASA reviews (rows 1000-1399) with their
    stand-in taxonomies (``bench/touchpoints_calibrate.py``); checked on the held-out MAMS val,
    HoASA rows 0-299, CASA and the journey cases.
    """

    bias: float = -2.6
    margin_weight: float = 28.0
    keyword_weight: float = 2.85
    top_weight: float = 0.45
    top_k: int = 3
    """Similarity to a touchpoint = mean of its ``top_k`` most similar prototypes and the single best."""
    hint_confidence: float = 0.9
    """Confidence of a link given by the source's explicit touchpoint hint."""
    channel_confidence: float = 0.6
    """Confidence of a link implied by the channel or kind (a chat ticket → customer service)."""


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


@dataclass
class _Units:
    """What a batch is scored on, one row per unit.

    A unit is an item's whole text, or a clause of an item that needs clauses (see
    :meth:`TouchpointLinker.needs_clauses`).
    """

    texts: list[str]
    item: list[int]
    conf: np.ndarray
    hits: np.ndarray
    labels: list = field(default_factory=list)
    scores: list = field(default_factory=list)

    def add(self, item, texts, conf, hits, labels, scores, *, drop: list[int]) -> None:
        """Append clause rows and remove the whole-text rows of the items in ``drop``."""
        keep = np.ones(len(self.item), dtype=bool)
        keep[drop] = False  # the whole-text rows come first, one per item, in item order
        self.texts = [t for t, k in zip(self.texts, keep, strict=True) if k] + list(texts)
        self.item = [i for i, k in zip(self.item, keep, strict=True) if k] + list(item)
        self.conf = np.vstack([self.conf[keep], conf])
        self.hits = np.vstack([self.hits[keep], hits])
        self.labels = [x for x, k in zip(self.labels, keep, strict=True) if k] + list(labels)
        self.scores = [x for x, k in zip(self.scores, keep, strict=True) if k] + list(scores)


class TouchpointLinker:
    """Multi-label touchpoint linking with per-mention sentiment.

    Args:
        taxonomy: the journey taxonomy.
        embedder: encoder with ``embed(texts, prefix) -> (n, d)`` L2-normalised rows.
        sentiment: model with ``predict_from_embeddings(E)`` (``.labels``, ``.score``); optional.
        threshold: minimum confidence of a link.
        calibration: evidence → confidence weights.
        prototypes: precomputed prototype embeddings (rows of ``prototype_texts()`` of each
            touchpoint in taxonomy order); embedded now when ``None``.
        split_gate: whole-text confidence two touchpoints need before clauses are scored
            (:meth:`needs_clauses`); ``0`` with ``two_sided=0``: every multi-clause item by clause.
        two_sided: ``min(p_negative, p_positive)`` from which a text without a contrast word may be mixed.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        embedder: Embedder,
        sentiment: Sentiment | None = None,
        threshold: float = 0.5,
        *,
        calibration: Calibration | None = None,
        prototypes: np.ndarray | None = None,
        split_gate: float = SPLIT_GATE,
        two_sided: float = TWO_SIDED,
    ) -> None:
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.sentiment = sentiment or None
        self.threshold = threshold
        self.split_gate = split_gate
        self.two_sided = two_sided
        self.encoded_clauses = 0  # distinct clauses sent to the encoder (whole texts not counted)
        self.calibration = calibration or Calibration()
        texts, owner = prototype_texts(taxonomy)
        self.prototypes_ = prototypes if prototypes is not None else embed_prototypes(embedder, texts)
        if self.prototypes_.shape[0] != len(texts):
            raise ValueError(f"prototypes: expected {len(texts)} rows, got {self.prototypes_.shape[0]}")
        self.background_ = embed_prototypes(embedder, list(BACKGROUND))
        self.owner_ = np.asarray(owner)
        self.patterns_ = [keyword_pattern(tp.keywords) for tp in taxonomy.touchpoints]
        self._lower_patterns = [p and re.compile(p.pattern) for p in self.patterns_]  # for lower-cased text: faster
        self._channels = [{c.lower() for c in tp.channels} for tp in taxonomy.touchpoints]

    # --- scoring ---------------------------------------------------------------------------
    def similarity(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, T) similarity of each row to each touchpoint: mean of best and top-k prototypes."""
        sims = np.asarray(embeddings, dtype=np.float32) @ self.prototypes_.T
        out = np.empty((sims.shape[0], len(self.taxonomy.touchpoints)), dtype=np.float32)
        k = self.calibration.top_k
        for t in range(out.shape[1]):
            block = sims[:, self.owner_ == t]
            top = -np.sort(-block, axis=1)[:, : min(k, block.shape[1])]
            out[:, t] = 0.5 * top[:, 0] + 0.5 * top.mean(axis=1)
        return out

    def keyword_hits(self, clauses: Sequence[str]) -> np.ndarray:
        """(n, T) boolean: a keyword of the touchpoint occurs in the clause."""
        hits = np.zeros((len(clauses), len(self.patterns_)), dtype=bool)
        lowered = [c.lower() for c in clauses]
        for t, pattern in enumerate(self._lower_patterns):
            if pattern is not None:
                hits[:, t] = [bool(pattern.search(c)) for c in lowered]
        return hits

    def evidence(self, embeddings: np.ndarray, clauses: Sequence[str]) -> tuple[np.ndarray, ...]:
        """(n, T) margin, keyword hit and is-most-similar per clause and touchpoint (calibration inputs).

        The margin is the similarity minus the median over all touchpoints and the background phrases.
        """
        sim = self.similarity(embeddings)
        background = np.asarray(embeddings, dtype=np.float32) @ self.background_.T
        baseline = np.median(np.concatenate([sim, background], axis=1), axis=1, keepdims=True)
        is_top = sim >= sim.max(axis=1, keepdims=True)
        return sim - baseline, self.keyword_hits(clauses), is_top

    def confidence(self, embeddings: np.ndarray, clauses: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated (n, T) confidence per clause and touchpoint, and the keyword hits."""
        margin, hits, is_top = self.evidence(embeddings, clauses)
        c = self.calibration
        logit = c.bias + c.margin_weight * margin + c.keyword_weight * hits + c.top_weight * is_top
        return 1.0 / (1.0 + np.exp(-logit)), hits

    # --- linking ---------------------------------------------------------------------------
    def link(self, items: Sequence[LinkInput | str]) -> list[list[Mention]]:
        """Link a batch of items; returns, per item, its mentions (exactly one ``is_primary``)."""
        items = [LinkInput(text=i) if isinstance(i, str) else i for i in items]
        texts = [item.text for item in items]
        whole = self._whole_vectors(items)
        units = _Units(texts, list(range(len(items))), *self.confidence(whole, texts))
        units.labels, units.scores, two_sided = self._sentiment(items, whole)
        split = self._split(units.conf, texts, two_sided)
        if split:
            clauses = [c for parts in split.values() for c in parts]
            vectors = self._embed_clauses(clauses)
            conf, hits = self.confidence(vectors, clauses)
            labels, scores, _ = self._sentiment([LinkInput(c) for c in clauses], vectors)
            owners = [i for i, parts in split.items() for _ in parts]
            units.add(owners, clauses, conf, hits, labels, scores, drop=list(split))
        rows: list[list[int]] = [[] for _ in items]
        for row, owner in enumerate(units.item):
            rows[owner].append(row)
        return [self._item_mentions(item, units, rows[i]) for i, item in enumerate(items)]

    def needs_clauses(self, whole_confidence: np.ndarray, texts: Sequence[str],
                      two_sided: Sequence[float | None]) -> np.ndarray:
        """Which multi-clause items to score clause by clause, from their whole text's evidence.

        Clauses matter only when they may link different touchpoints with different sentiments: the
        whole text (``whole_confidence``, (n, T)) reaches ``split_gate`` for two or more touchpoints,
        and it may be mixed: a contrast conjunction ("tapi", "but", ...), or both polarities at least
        ``two_sided`` (``min(p_negative, p_positive)``; ``None``: unknown, counts as mixed). Every other
        item is scored as one unit, its whole text, with its cached embedding and sentiment.
        """
        candidates = (np.asarray(whole_confidence) >= self.split_gate).sum(axis=1) >= 2
        return np.array([
            bool(c) and (p is None or p >= self.two_sided or has_contrast(t))
            for c, t, p in zip(candidates, texts, two_sided, strict=True)
        ], dtype=bool)

    def _split(self, conf: np.ndarray, texts: list[str], two_sided: list) -> dict[int, list[str]]:
        """Clauses of the items that need them (see :meth:`needs_clauses`), by item index."""
        candidates = np.flatnonzero((conf >= self.split_gate).sum(axis=1) >= 2)  # cheap test first
        parts = {int(i): _cap(split_clauses(texts[i])) for i in candidates}
        multi = [i for i, p in parts.items() if len(p) > 1]
        if not multi:
            return {}
        need = self.needs_clauses(conf[multi], [texts[i] for i in multi], [two_sided[i] for i in multi])
        picked = {i: self._keyword_clauses(conf[i] >= self.split_gate, parts[i])
                  for i, n in zip(multi, need, strict=True) if n}
        return {i: p for i, p in picked.items() if p}

    def _keyword_clauses(self, candidate: np.ndarray, parts: list[str]) -> list[str]:
        # When keywords place every candidate touchpoint in a clause, only those clauses can carry the
        # links: score just them, or none (the whole text) when a single clause holds every candidate.
        hits = self.keyword_hits(parts)[:, candidate]
        if not hits.any(axis=0).all():
            return parts  # a candidate rests on embedding evidence alone: score every clause
        keep = [c for c, h in zip(parts, hits.any(axis=1), strict=True) if h]
        return keep if len(keep) > 1 else []

    def _embed_clauses(self, clauses: list[str]) -> np.ndarray:
        unique = list(dict.fromkeys(clauses))  # embed each distinct clause once
        self.encoded_clauses += len(unique)
        vectors = dict(zip(unique, self.embedder.embed(unique, prefix=QUERY), strict=True))
        return np.asarray([vectors[c] for c in clauses], dtype=np.float32)

    def _whole_vectors(self, items: list[LinkInput]) -> np.ndarray:
        # The enrichment step cached every item's embedding; texts without one (eval files) are encoded here.
        missing = list(dict.fromkeys(i.text for i in items if i.embedding is None))
        encoded = dict(zip(missing, self.embedder.embed(missing, prefix=QUERY), strict=True)) if missing else {}
        rows = [encoded[i.text] if i.embedding is None else i.embedding for i in items]
        return np.asarray(rows, dtype=np.float32).reshape(len(items), self.prototypes_.shape[1])

    def _sentiment(self, items: list[LinkInput], embeddings: np.ndarray) -> tuple[list, list, list]:
        """Label, score and ``min(p_negative, p_positive)`` per item: as given, else the model's."""
        labels: list[str | None] = [i.sentiment_label for i in items]
        scores: list[float | None] = [i.sentiment_score if i.sentiment_label is not None else None for i in items]
        two_sided: list[float | None] = [i.two_sided if i.sentiment_label is not None else None for i in items]
        need = [r for r, label in enumerate(labels) if label is None]
        if need and self.sentiment is not None:
            if getattr(self.sentiment, "uses_embeddings", True):
                result = self.sentiment.predict_from_embeddings(embeddings[need])
            else:  # a text classifier (e.g. a Hugging Face model) reads the texts themselves
                result = self.sentiment.predict([items[r].text for r in need])
            values = getattr(result, "scores", None)
            values = getattr(result, "score", None) if values is None else values
            proba = getattr(result, "proba", None)
            for j, r in enumerate(need):
                labels[r], scores[r] = str(result.labels[j]), float(values[j])
                if proba is not None:
                    two_sided[r] = float(min(proba[j][LABEL_INDEX["negative"]], proba[j][LABEL_INDEX["positive"]]))
        return labels, scores, two_sided

    def _item_mentions(self, item: LinkInput, units: _Units, rows: list[int]) -> list[Mention]:
        conf, hits, labels, scores = units.conf, units.hits, units.labels, units.scores
        found: dict[str, Mention] = {}
        arg = conf[rows].argmax(axis=0)  # per touchpoint, the item's most confident unit
        best_rows = np.asarray(rows)[arg]
        for t in np.flatnonzero(conf[best_rows, np.arange(conf.shape[1])] >= self.threshold):
            tp, best = self.taxonomy.touchpoints[t], int(best_rows[t])
            method = "embedding"
            if hits[best, t]:
                alone = self._keyword_free(conf[best, t]) >= self.threshold
                method = "embedding+keyword" if alone else "keyword"
            found[tp.id] = Mention(
                tp.id, tp.stage, float(conf[best, t]), labels[best], scores[best], units.texts[best], method
            )
        for tp_id, confidence, method in self._hints(item):
            old = found.get(tp_id)
            if old is None:
                tp = self.taxonomy.touchpoint(tp_id)
                found[tp_id] = Mention(tp_id, tp.stage, confidence, *_item_sentiment(item, labels, scores, rows),
                                       None, method)
            else:
                merged = 1.0 - (1.0 - old.confidence) * (1.0 - confidence)
                found[tp_id] = Mention(tp_id, old.journey_stage, merged, old.sentiment_label,
                                       old.sentiment_score, old.evidence, f"{old.method}+{method}")
        if not found:
            best = float(conf[rows].max()) if rows else 0.0
            return [Mention(UNLINKED, None, best, *_item_sentiment(item, labels, scores, rows), None, "none", True)]
        return _mark_primary(list(found.values()))

    def _keyword_free(self, confidence: float) -> float:
        # Confidence the same clause would have without its keyword hit (to name the method).
        logit = np.log(confidence / max(1e-9, 1.0 - confidence)) - self.calibration.keyword_weight
        return float(1.0 / (1.0 + np.exp(-logit)))

    def _hints(self, item: LinkInput) -> list[tuple[str, float, str]]:
        hints = []
        explicit = self.taxonomy.resolve_hint(item.touchpoint_hint)
        if explicit:
            hints.append((explicit, self.calibration.hint_confidence, "hint"))
        channel = (item.channel or "").strip().lower()
        for tp, channels in zip(self.taxonomy.touchpoints, self._channels, strict=True):
            by_channel = channel and channel in channels
            by_kind = item.kind and item.kind in tp.kinds
            if (by_channel or by_kind) and tp.id != explicit:
                hints.append((tp.id, self.calibration.channel_confidence, "channel"))
        return [h for h in hints if h[1] >= self.threshold]


def _cap(parts: list[str]) -> list[str]:
    if len(parts) <= MAX_CLAUSES:
        return parts
    size = -(-len(parts) // MAX_CLAUSES)
    return [" ".join(parts[i : i + size]) for i in range(0, len(parts), size)]


def _item_sentiment(item: LinkInput, labels: list, scores: list, rows: list[int]) -> tuple:
    # Hint-only and unlinked mentions speak for the whole item: its own sentiment, else its
    # most strongly felt clause.
    if item.sentiment_label is not None:
        return item.sentiment_label, item.sentiment_score
    known = [r for r in rows if scores[r] is not None]
    if not known:
        return None, None
    r = max(known, key=lambda r: abs(scores[r]))
    return labels[r], scores[r]


def _mark_primary(mentions: list[Mention]) -> list[Mention]:
    def key(m: Mention) -> tuple:
        from_text = not m.method.startswith("channel")
        return (from_text, round(m.confidence, 2), -(m.sentiment_score if m.sentiment_score is not None else 0.0))

    ordered = sorted(mentions, key=key, reverse=True)
    return [replace(ordered[0], is_primary=True), *ordered[1:]]
