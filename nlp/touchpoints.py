"""Link feedback to journey touchpoints, per clause, with the sentiment of each mention.

Each text is split into clauses (:mod:`nlp.clauses`). Every clause is scored
against every touchpoint by combining

* embedding similarity to the touchpoint's prototypes (its descriptions and seed
  phrases, embedded once with the ``query: `` prefix), taken as the margin over
  the clause's median similarity to all touchpoints (e5 cosines are compressed:
  the margin is what separates topics);
* keyword rules (whole words in either language, Indonesian enclitics allowed);
* and, per item, the source's own hints (an explicit touchpoint, a ticket's channel).

A logistic calibration (:class:`Calibration`) turns these into a confidence in
0..1. A touchpoint links when its confidence reaches the threshold; its
mention carries the sentiment of the clause that linked it. The primary
touchpoint is the most confident text link (ties: the more negative mention);
an item with no link gets one ``unlinked`` mention.

Encoder cost: the whole text is scored first, with the item's cached embedding.
Only an item with several clauses whose whole text is a candidate for two or more
touchpoints (:meth:`TouchpointLinker.needs_clauses`) has its clauses encoded and
scored one by one; every other item is one unit with its cached embedding and
sentiment (on the demo data that is ~85% of the multi-clause items).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from nlp.clauses import has_contrast, split_clauses
from nlp.sentiment.labels import LABEL_INDEX
from nlp.taxonomy import UNLINKED, Taxonomy, Touchpoint

QUERY = "query: "
BACKGROUND = (
    "terima kasih", "ok", "biasa saja", "saya tidak tahu", "hari ini cuaca cerah", "tidak ada komentar",
    "thank you", "nothing to add", "just a normal day", "no comment",
)
"""Topic-free phrases added to the baseline a clause's similarities are measured against, so that a
taxonomy with only a few touchpoints still has a meaningful "no topic" reference."""
MAX_CLAUSES = 16
"""Longer texts have their clauses grouped into this many chunks (bounds the encoder cost)."""
SPLIT_GATE = 0.5
"""Default whole-text confidence at which a touchpoint counts as a candidate (see ``needs_clauses``)."""
TWO_SIDED = 0.05
"""Default ``min(p_negative, p_positive)`` of a whole text from which it may be mixed (``needs_clauses``)."""


class Embedder(Protocol):
    """What the linker needs from :mod:`nlp.embeddings`."""

    model_id: str

    def embed(self, texts: Sequence[str], *, prefix: str = QUERY) -> np.ndarray: ...  # noqa: D102


class Sentiment(Protocol):
    """What the linker needs from :mod:`nlp.sentiment`."""

    def predict_from_embeddings(self, embeddings: np.ndarray): ...  # noqa: D102

    def predict(self, texts: Sequence[str]): ...  # noqa: D102


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
    """The clause that links it (``None`` for hint-only links and ``unlinked``)."""
    method: str
    """``embedding``, ``keyword``, ``embedding+keyword``, ``hint``, ``channel`` (joined with ``+``), ``none``."""
    is_primary: bool = False


@dataclass
class _Clauses:
    """Clauses of a batch, flattened, with the item each belongs to."""

    texts: list[str] = field(default_factory=list)
    item: list[int] = field(default_factory=list)
    whole: list[bool] = field(default_factory=list)
    """The unit is its item's whole text (cached embedding and sentiment apply)."""


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern | None:
    """One case-insensitive regex matching any keyword as a whole word.

    A keyword ending in ``*`` matches any word starting with it; other keywords may carry an
    Indonesian enclitic (-nya, -ku, -mu, -lah, -kah, -pun). Spaces match any whitespace.
    """
    parts = []
    for kw in keywords:
        kw = kw.strip().lower()
        if not kw:
            continue
        prefix = kw.endswith("*")
        body = re.escape(kw.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if prefix else r"(?:nya|ku|mu|lah|kah|pun)?"))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


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
        split_gate: a multi-clause item is scored clause by clause only when its whole text reaches
            this confidence for two or more touchpoints (see :meth:`needs_clauses`); ``0`` scores
            every multi-clause item by clause.
        two_sided: ...and only when it has a contrast conjunction or its whole-text sentiment gives both
            polarities at least this probability (see :meth:`needs_clauses`); ``0``: no such condition.
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
        self.encoded_clauses = 0
        """Clauses this linker sent to the encoder (whole texts not counted)."""
        self.calibration = calibration or Calibration()
        texts, owner = prototype_texts(taxonomy)
        self.prototypes_ = prototypes if prototypes is not None else _embed_prototypes(embedder, texts)
        if self.prototypes_.shape[0] != len(texts):
            raise ValueError(f"prototypes: expected {len(texts)} rows, got {self.prototypes_.shape[0]}")
        self.background_ = _embed_prototypes(embedder, list(BACKGROUND))
        self.owner_ = np.asarray(owner)
        self.patterns_ = [keyword_pattern(tp.keywords) for tp in taxonomy.touchpoints]

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
        for t, pattern in enumerate(self.patterns_):
            if pattern is not None:
                hits[:, t] = [bool(pattern.search(c)) for c in clauses]
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
        whole = self._whole_vectors(items)
        whole_labels, whole_scores, two_sided = self._predict_sentiment(items, whole, [i.text for i in items])
        clauses, embeddings = self._units(items, whole, two_sided)
        conf, hits = self.confidence(embeddings, clauses.texts) if clauses.texts else (None, None)
        split = [r for r, owner in enumerate(clauses.item) if not clauses.whole[r]]
        labels = [whole_labels[owner] for owner in clauses.item]
        scores = [whole_scores[owner] for owner in clauses.item]
        if split:
            clause_labels, clause_scores, _ = self._predict_sentiment(
                [LinkInput(clauses.texts[r]) for r in split], embeddings[split], [clauses.texts[r] for r in split])
            for j, r in enumerate(split):
                labels[r], scores[r] = clause_labels[j], clause_scores[j]
        rows: list[list[int]] = [[] for _ in items]
        for row, owner in enumerate(clauses.item):
            rows[owner].append(row)
        return [
            self._item_mentions(item, clauses, rows[i], conf, hits, labels, scores)
            for i, item in enumerate(items)
        ]

    def needs_clauses(self, whole_confidence: np.ndarray, texts: Sequence[str],
                      two_sided: Sequence[float | None]) -> np.ndarray:
        """Which multi-clause items to score clause by clause, from their whole text's evidence.

        Clauses matter only when they may link different touchpoints with different sentiments: the
        whole text reaches ``split_gate`` for two or more touchpoints, and it may be mixed: it has a
        contrast conjunction ("tapi", "but", ...), or the sentiment model gives both polarities at
        least ``two_sided`` (``min(p_negative, p_positive)``; unknown counts as mixed). Every other
        item is scored as one unit, its whole text, with its cached embedding and sentiment.

        Args:
            whole_confidence: (n, T) calibrated confidence of each item's whole text.
            texts: the whole texts.
            two_sided: ``min(p_negative, p_positive)`` of each whole text, or ``None``.
        """
        candidates = (np.asarray(whole_confidence) >= self.split_gate).sum(axis=1) >= 2
        mixed = [p is None or p >= self.two_sided or has_contrast(t) for t, p in zip(texts, two_sided, strict=True)]
        return candidates & np.asarray(mixed, dtype=bool)

    def _units(self, items: list[LinkInput], whole: np.ndarray, two_sided: list) -> tuple[_Clauses, np.ndarray]:
        """The scored units of a batch (clauses of items that need them, else whole texts) and their vectors."""
        parts = [_cap(split_clauses(item.text)) for item in items]
        split = np.zeros(len(items), dtype=bool)
        multi = [i for i, p in enumerate(parts) if len(p) > 1]
        if multi:
            whole_conf = self.confidence(whole[multi], [items[i].text for i in multi])[0]
            split[multi] = self.needs_clauses(whole_conf, [items[i].text for i in multi], [two_sided[i] for i in multi])
        clauses, vectors = _Clauses(), []
        for i, item in enumerate(items):
            units = parts[i] if split[i] else [parts[i][0] if len(parts[i]) == 1 else item.text]
            clauses.texts.extend(units)
            clauses.item.extend([i] * len(units))
            clauses.whole.extend([not split[i]] * len(units))
            vectors.extend([None] * len(units) if split[i] else [whole[i]])
        todo = list(dict.fromkeys(t for t, v in zip(clauses.texts, vectors, strict=True) if v is None))
        encoded = dict(zip(todo, self.embedder.embed(todo, prefix=QUERY), strict=True)) if todo else {}
        self.encoded_clauses += len(todo)
        rows = [encoded[t] if v is None else v for t, v in zip(clauses.texts, vectors, strict=True)]
        return clauses, np.asarray(rows, dtype=np.float32).reshape(len(rows), whole.shape[1])

    def _whole_vectors(self, items: list[LinkInput]) -> np.ndarray:
        # The enrichment step cached every item's embedding; texts without one (eval files) are encoded here.
        missing = list(dict.fromkeys(i.text for i in items if i.embedding is None))
        encoded = dict(zip(missing, self.embedder.embed(missing, prefix=QUERY), strict=True)) if missing else {}
        rows = [encoded[i.text] if i.embedding is None else i.embedding for i in items]
        return np.asarray(rows, dtype=np.float32).reshape(len(items), self.prototypes_.shape[1])

    def _predict_sentiment(self, items: list[LinkInput], embeddings: np.ndarray, texts: list[str]) -> tuple:
        """Labels, scores and two-sidedness per row: the item's known sentiment, else the model's."""
        labels: list[str | None] = [i.sentiment_label for i in items]
        scores: list[float | None] = [i.sentiment_score if i.sentiment_label is not None else None for i in items]
        two_sided: list[float | None] = [i.two_sided if i.sentiment_label is not None else None for i in items]
        need = [r for r, label in enumerate(labels) if label is None]
        if need and self.sentiment is not None:
            if getattr(self.sentiment, "uses_embeddings", True):
                result = self.sentiment.predict_from_embeddings(embeddings[need])
            else:  # a text classifier (e.g. a Hugging Face model) reads the texts themselves
                result = self.sentiment.predict([texts[r] for r in need])
            values = getattr(result, "scores", None)
            values = getattr(result, "score", None) if values is None else values
            proba = getattr(result, "proba", None)
            for j, r in enumerate(need):
                labels[r], scores[r] = str(result.labels[j]), float(values[j])
                if proba is not None:
                    two_sided[r] = float(min(proba[j][LABEL_INDEX["negative"]], proba[j][LABEL_INDEX["positive"]]))
        return labels, scores, two_sided

    def _item_mentions(self, item, clauses, rows, conf, hits, labels, scores) -> list[Mention]:
        found: dict[str, Mention] = {}
        for t, tp in enumerate(self.taxonomy.touchpoints):
            if not rows:
                break
            best = max(rows, key=lambda r: conf[r, t])
            if conf[best, t] < self.threshold:
                continue
            method = "embedding"
            if hits[best, t]:
                alone = self._keyword_free(conf[best, t]) >= self.threshold
                method = "embedding+keyword" if alone else "keyword"
            found[tp.id] = Mention(
                tp.id, tp.stage, float(conf[best, t]), labels[best], scores[best], clauses.texts[best], method
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
        for tp in self.taxonomy.touchpoints:
            by_channel = channel and channel in {c.lower() for c in tp.channels}
            by_kind = item.kind and item.kind in tp.kinds
            if (by_channel or by_kind) and tp.id != explicit:
                hints.append((tp.id, self.calibration.channel_confidence, "channel"))
        return [h for h in hints if h[1] >= self.threshold]


_PROTOTYPE_CACHE: dict[tuple, np.ndarray] = {}


def _embed_prototypes(embedder: Embedder, texts: list[str]) -> np.ndarray:
    # Several linkers per process (nightly link, eval) share one taxonomy: embed it once per model.
    key = (getattr(embedder, "model_id", None) or id(embedder), tuple(texts))
    if key not in _PROTOTYPE_CACHE:
        if len(_PROTOTYPE_CACHE) >= 8:
            _PROTOTYPE_CACHE.pop(next(iter(_PROTOTYPE_CACHE)))
        _PROTOTYPE_CACHE[key] = np.asarray(embedder.embed(texts, prefix=QUERY), dtype=np.float32)
    return _PROTOTYPE_CACHE[key]


def prototype_texts(taxonomy: Taxonomy) -> tuple[list[str], list[int]]:
    """Texts the linker embeds for a taxonomy and the touchpoint index each belongs to."""
    texts, owner = [], []
    for t, tp in enumerate(taxonomy.touchpoints):
        proto = _prototypes(tp)
        texts.extend(proto)
        owner.extend([t] * len(proto))
    return texts, owner


def _prototypes(tp: Touchpoint) -> list[str]:
    return tp.prototype_texts() or [tp.name.get("en") or next(iter(tp.name.values()))]


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

    primary = max(mentions, key=key)
    return [
        Mention(m.touchpoint, m.journey_stage, m.confidence, m.sentiment_label, m.sentiment_score,
                m.evidence, m.method, m is primary)
        for m in sorted(mentions, key=key, reverse=True)
    ]
