"""Link feedback to journey touchpoints, per text or clause, with the sentiment of each mention.

Decisions are relative to the batch and the taxonomy, never to one absolute cosine. Each unit (an item's
whole text, or a clause of it) gets, per touchpoint, a margin: its similarity to the touchpoint's prototypes
(names, descriptions, seed phrases) minus its median similarity over all touchpoints and topic-free
phrases. The margin is standardised against the touchpoint's null (the margins of text that is not about
it, from the taxonomy and the batch) into ``z``; keywords the analyst wrote, the taxonomy's own words once
the batch confirms them, and the batch's own words for a touchpoint (:mod:`suara.nlp.touchpoint_lexicon`) add
to ``z``. The batch's clearest units then refine each touchpoint
(self-training) and ``z`` is computed again. A unit links its best touchpoint from ``link_z`` on, and a
runner-up that is ``extra_z`` higher and within ``gap_z`` of the best, or that the unit names by one of its
keywords (:class:`Calibration`).

Clauses (:mod:`suara.nlp.clauses`) cost one encoder pass each (embedding and sentiment together with the
default adapter), so an item is split only when its whole text points at a second touchpoint
(:meth:`TouchpointLinker.needs_clauses`). A mention has the sentiment of its most specific unit (its clause)
or, where that reads neutral, of its own span when more clearly felt, read at the batch's own share of neutral
text (:mod:`suara.nlp.touchpoint_spans`). The primary touchpoint is the most confident text link; an item with
no link gets one ``unlinked`` mention. Source hints (an explicit touchpoint, a ticket's channel) add links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from suara.nlp.clauses import has_contrast, split_clauses, split_spans
from suara.nlp.sentiment.labels import LABEL_INDEX
from suara.nlp.taxonomy import UNLINKED, Taxonomy
from suara.nlp.topics.stopwords import STOPWORDS
from suara.nlp.touchpoint_lexicon import anchors, batch_lexicon, lexicon_hits
from suara.nlp.touchpoint_prototypes import (
    BACKGROUND,
    QUERY,
    Calibration,
    derived_keywords,
    embed_prototypes,
    keyword_pattern,
    null_statistics,
    prototype_texts,
    tokens,
    validated_keywords,
)
from suara.nlp.touchpoint_spans import batch_neutral, neutral_share, relabel, span_sentiment
from suara.nlp.touchpoint_types import Embedder, LinkInput, Mention, Sentiment, cap_parts, item_sentiment, mark_primary

__all__ = ["Calibration", "LinkInput", "Mention", "TouchpointLinker", "keyword_pattern", "prototype_texts", "QUERY"]

MAX_CLAUSES = 16
"""Longer texts have their clauses grouped into this many chunks (bounds the encoder cost)."""
SPLIT_GATE = 0.2
"""Default whole-text confidence at which a touchpoint counts as a candidate (see ``needs_clauses``)."""
TWO_SIDED = 0.05
"""Default ``min(p_negative, p_positive)`` of a whole text from which it may be mixed (``needs_clauses``)."""


@dataclass
class _Units:
    """What a batch is scored on, one row per unit: an item's whole text or one of its clauses."""

    texts: list[str]
    item: list[int]
    vectors: np.ndarray
    labels: list
    scores: list
    neutral: list
    """``p(neutral)`` of the unit's sentiment (``None``: unknown)."""
    clause: list[bool]

    def extend(self, texts, item, vectors, sentiment) -> None:
        """Append clause rows (``sentiment``: labels, scores, p(neutral))."""
        self.texts += list(texts)
        self.item += list(item)
        self.vectors = np.vstack([self.vectors, vectors])
        self.labels += list(sentiment[0])
        self.scores += list(sentiment[1])
        self.neutral += list(sentiment[2])
        self.clause += [True] * len(texts)


class TouchpointLinker:
    """Multi-label touchpoint linking with per-mention sentiment, decided relative to the batch and taxonomy.

    Args:
        taxonomy: the journey taxonomy.
        embedder: encoder with ``embed(texts, prefix) -> (n, d)`` L2-normalised rows.
        sentiment: sentiment model (``embed_and_predict``, ``predict_from_embeddings`` or ``predict``); optional.
        threshold: minimum confidence of a link (0.5 = the calibration's link bar).
        calibration: the relative bars (:class:`Calibration`).
        prototypes: precomputed prototype embeddings (rows of ``prototype_texts()``); embedded when ``None``.
        split_gate: whole-text confidence a second touchpoint needs before the item's clauses are scored
            (one encoder pass each); ``0`` with ``two_sided=0``: every multi-clause item by clause.
        two_sided: ``min(p_negative, p_positive)`` from which a text without a contrast word may be mixed;
            an item that may not be mixed is split only when its second touchpoint would link on its own.
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
        self.taxonomy, self.embedder, self.sentiment = taxonomy, embedder, sentiment or None
        self.threshold, self.split_gate, self.two_sided = threshold, split_gate, two_sided
        self.encoded_clauses = 0  # distinct clauses and spans sent to the encoder (whole texts not counted)
        self.neutral_share_: float | None = None  # the last batch's share of neutral units (batch_neutral)
        self.calibration = calibration or Calibration()
        texts, owner = prototype_texts(taxonomy)
        self.prototypes_ = prototypes if prototypes is not None else embed_prototypes(embedder, texts)
        if self.prototypes_.shape[0] != len(texts):
            raise ValueError(f"prototypes: expected {len(texts)} rows, got {self.prototypes_.shape[0]}")
        self.background_ = embed_prototypes(embedder, list(BACKGROUND))
        self.owner_ = np.asarray(owner)
        self.reference_ = np.vstack([self.prototypes_, self.background_])
        self.ref_owner_ = np.concatenate([self.owner_, np.full(len(BACKGROUND), -1)])
        self.patterns_ = [keyword_pattern(tp.keywords) for tp in taxonomy.touchpoints]
        self.derived_ = derived_keywords(taxonomy, STOPWORDS)
        self.lexicon_: list[list[str]] = [[] for _ in taxonomy.touchpoints]  # the last batch's induced words
        self.anchors_ = anchors(taxonomy, self.derived_, embedder)
        self._lower_patterns = [p and re.compile(p.pattern) for p in self.patterns_]  # for lower-cased text: faster
        self._channels = [{c.lower() for c in tp.channels} for tp in taxonomy.touchpoints]

    # --- scoring ---------------------------------------------------------------------------
    def similarity(self, embeddings: np.ndarray, centroids: np.ndarray | None = None) -> np.ndarray:
        """(n, T) similarity of each row to each touchpoint: mean of best and top-k prototypes.

        With ``centroids`` ((T, d), rows of zeros where absent) the similarity to the batch's own
        confident units is mixed in (:attr:`Calibration.refine_weight`).
        """
        emb = np.asarray(embeddings, dtype=np.float32)
        sims = emb @ self.prototypes_.T
        out = np.empty((sims.shape[0], len(self.taxonomy.touchpoints)), dtype=np.float32)
        k = self.calibration.top_k
        for t in range(out.shape[1]):
            block = sims[:, self.owner_ == t]
            top = -np.sort(-block, axis=1)[:, : min(k, block.shape[1])]
            out[:, t] = 0.5 * top[:, 0] + 0.5 * top.mean(axis=1)
        if centroids is not None:
            have = np.linalg.norm(centroids, axis=1) > 0
            w = self.calibration.refine_weight
            out[:, have] = (1 - w) * out[:, have] + w * (emb @ centroids[have].T)
        return out

    def margin(self, embeddings: np.ndarray, centroids: np.ndarray | None = None) -> np.ndarray:
        """(n, T) similarity minus the row's median over all touchpoints and the background phrases."""
        sim = self.similarity(embeddings, centroids)
        background = np.asarray(embeddings, dtype=np.float32) @ self.background_.T
        return sim - np.median(np.concatenate([sim, background], axis=1), axis=1, keepdims=True)

    def keyword_hits(self, clauses: Sequence[str]) -> np.ndarray:
        """(n, T) boolean: a keyword of the touchpoint occurs in the clause."""
        hits = np.zeros((len(clauses), len(self.patterns_)), dtype=bool)
        lowered = [c.lower() for c in clauses]
        for t, pattern in enumerate(self._lower_patterns):
            if pattern is not None:
                hits[:, t] = [bool(pattern.search(c)) for c in lowered]
        return hits

    def zscores(self, embeddings: np.ndarray, texts: Sequence[str],
                centroids: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(n, T) relative evidence ``z`` of each unit for each touchpoint, and the keyword hits.

        ``z`` is the unit's margin standardised by the touchpoint's null (taxonomy references pooled
        with the batch itself), plus :attr:`Calibration.keyword_z` where a keyword occurs.
        """
        c = self.calibration
        z, hits = self.embedding_z(embeddings, centroids), self.keyword_hits(texts)
        unit_tokens = [tokens(t) for t in texts]
        derived = validated_keywords(unit_tokens, z, self.derived_, c.derived_lift, 3) & ~hits
        induced = lexicon_hits(unit_tokens, self.lexicon_) & ~hits & ~derived
        return z + c.keyword_z * hits + c.derived_z * derived + c.lexicon_z * induced, hits | derived | induced

    def embedding_z(self, embeddings: np.ndarray, centroids: np.ndarray | None = None) -> np.ndarray:
        """(n, T) each unit's margin standardised by the touchpoint's null: the embedding evidence alone."""
        c = self.calibration
        margin = self.margin(embeddings, centroids)
        reference = self.margin(self.reference_, centroids)
        loc, spread = null_statistics(margin, reference, self.ref_owner_, c.batch_weight, c.spread_floor)
        return (margin - loc) / spread

    def confidence(self, z: np.ndarray, named: np.ndarray | None = None) -> np.ndarray:
        """(n, T) confidence of a link: the unit's best touchpoint at ``link_z``, others ``extra_z`` higher.

        ``named`` ((n, T) boolean): a keyword of the touchpoint occurs in the unit; such a runner-up is a
        second topic the text names, and needs no closeness to the best.
        """
        c = self.calibration
        best = z.max(axis=1, keepdims=True)
        # A runner-up needs extra_z more, and no more than gap_z behind the best: its shortfall counts.
        near = np.maximum(c.link_z + c.extra_z, z + (best - z - c.gap_z))
        if named is not None:  # 3 keyword-rich taxonomies: +0.007 to +0.027 F1; sparse ones unchanged
            near = np.where(named, c.link_z + c.extra_z, near)
        bar = np.where(z >= best, c.link_z, near)
        return 1.0 / (1.0 + np.exp(-c.slope * (z - bar).astype(np.float64)))

    def refine(self, vectors: np.ndarray, z: np.ndarray) -> np.ndarray | None:
        """Self-training: per touchpoint, the centroid of the batch units that most clearly belong to it.

        A unit belongs to its best touchpoint when it clears the link bar by ``extra_z``; the centroid
        of the ``refine_top`` strongest (at least ``refine_min``) moves the touchpoint toward the words
        the batch itself uses for it. Rows of zeros where a touchpoint has too few.
        """
        c = self.calibration
        if c.refine_weight <= 0 or len(vectors) < c.refine_min:
            return None
        best, top = z.argmax(axis=1), z.max(axis=1)
        centroids = np.zeros((z.shape[1], vectors.shape[1]), dtype=np.float32)
        for t in range(z.shape[1]):
            rows = np.flatnonzero((best == t) & (top >= c.link_z + c.extra_z))
            if len(rows) >= c.refine_min:
                rows = rows[np.argsort(-top[rows])[: c.refine_top]]
                mean = vectors[rows].mean(axis=0)
                centroids[t] = mean / max(float(np.linalg.norm(mean)), 1e-9)
        return centroids if centroids.any() else None

    # --- linking ---------------------------------------------------------------------------
    def link(self, items: Sequence[LinkInput | str]) -> list[list[Mention]]:
        """Link a batch of items; returns, per item, its mentions (exactly one ``is_primary``)."""
        items = [LinkInput(text=i) if isinstance(i, str) else i for i in items]
        texts = [item.text for item in items]
        whole = self._whole_vectors(items)
        self.lexicon_ = batch_lexicon(self, texts, whole)
        labels, scores, two_sided, neutral = self._sentiment(items, whole)
        units = _Units(list(texts), list(range(len(items))), whole, labels, scores, neutral, [False] * len(items))
        z_whole, _ = self.zscores(whole, texts)
        named = self.keyword_hits(texts)  # the analyst's keywords (not the taxonomy's confirmed words: -0.01 F1)
        split = self._split(self.confidence(z_whole, named), texts, two_sided)
        if split:
            clauses = [c for parts in split.values() for c in parts]
            vectors, sentiment = self._encode_clauses(clauses)
            units.extend(clauses, [i for i, parts in split.items() for _ in parts], vectors, sentiment)
        self._relabel(units)
        z, hits = self.zscores(units.vectors, units.texts)
        centroids = self.refine(units.vectors, z)
        if centroids is not None:
            z, hits = self.zscores(units.vectors, units.texts, centroids)
        conf = self.confidence(z, np.vstack([named, self.keyword_hits(units.texts[len(items):])]))
        rows: list[list[int]] = [[] for _ in items]
        for row, owner in enumerate(units.item):
            rows[owner].append(row)
        linked = [self._item_mentions(item, units, conf, hits, rows[i]) for i, item in enumerate(items)]
        # A mention of a unit that reads neutral takes the sentiment of its own span when that is felt.
        return span_sentiment(linked, (units.texts, units.labels, units.neutral), self.taxonomy.ids,
                              self.calibration.span_neutral, lambda t: cap_parts(split_spans(t), MAX_CLAUSES),
                              lambda t: self._score_spans(t, centroids))

    def _score_spans(self, texts: list[str], centroids: np.ndarray | None) -> tuple[np.ndarray, list, list, list]:
        """Evidence ``z`` and sentiment of spans (one encoder pass each), for :func:`span_sentiment`."""
        vectors, (labels, scores, neutral) = self._encode_clauses(texts)
        if self.neutral_share_ is not None:
            labels, neutral = relabel(labels, scores, neutral, self.neutral_share_, self.calibration.trained_neutral)
        return self.zscores(vectors, texts, centroids)[0], labels, scores, neutral

    def _relabel(self, units: _Units) -> None:
        # A mention is read at the batch's own share of neutral text, not the model's training share.
        if (trained := self.calibration.trained_neutral) is None:
            return
        self.neutral_share_ = batch_neutral(units.scores, units.neutral, trained, self.calibration.prior_units)
        units.labels, units.neutral = relabel(units.labels, units.scores, units.neutral, self.neutral_share_, trained)

    def needs_clauses(self, whole_confidence: np.ndarray, texts: Sequence[str],
                      two_sided: Sequence[float | None]) -> np.ndarray:
        """Which multi-clause items to score clause by clause, from their whole text's confidence.

        Clauses can add a link or a mention's own sentiment only when the whole text points at two or
        more touchpoints: its second best reaches ``split_gate``. Then it is split when it may be mixed
        (a contrast conjunction, or both polarities at least ``two_sided``; ``None``: unknown) or when
        that second touchpoint would link on its own.
        """
        conf = np.asarray(whole_confidence)
        second = -np.sort(-conf, axis=1)[:, 1] if conf.shape[1] > 1 else np.zeros(len(conf))
        return np.array([
            s >= self.split_gate and (s >= self.threshold or p is None or p >= self.two_sided or has_contrast(t))
            for s, t, p in zip(second, texts, two_sided, strict=True)
        ], dtype=bool)

    def _split(self, conf: np.ndarray, texts: list[str], two_sided: list) -> dict[int, list[str]]:
        """Clauses of the items that need them (see :meth:`needs_clauses`), by item index."""
        if conf.shape[1] < 2:
            return {}
        second = -np.sort(-conf, axis=1)[:, 1]
        candidates = np.flatnonzero(second >= self.split_gate)
        parts = {int(i): cap_parts(split_clauses(texts[i]), MAX_CLAUSES) for i in candidates}
        multi = [i for i, p in parts.items() if len(p) > 1]
        if not multi:
            return {}
        need = self.needs_clauses(conf[multi], [texts[i] for i in multi], [two_sided[i] for i in multi])
        return {i: parts[i] for i, n in zip(multi, need, strict=True) if n}

    def _encode_clauses(self, clauses: list[str]) -> tuple[np.ndarray, tuple[list, list, list]]:
        """Vectors and sentiment (labels, scores, p(neutral)) of clauses; one pass each with a shared encoder."""
        unique = list(dict.fromkeys(clauses))  # encode each distinct clause once
        self.encoded_clauses += len(unique)
        if self.sentiment is not None and getattr(self.sentiment, "encodes_embeddings", False):
            vectors, result = self.sentiment.embed_and_predict(unique)
            labels, scores = [str(x) for x in result.labels], [float(s) for s in result.scores]
            neutral = [float(p[LABEL_INDEX["neutral"]]) for p in result.proba]
        else:
            vectors = self.embedder.embed(unique, prefix=QUERY)
            labels, scores, _, neutral = self._sentiment([LinkInput(c) for c in unique], np.asarray(vectors))
        index = {c: i for i, c in enumerate(unique)}
        rows = [index[c] for c in clauses]
        return (np.asarray(vectors, dtype=np.float32)[rows],
                ([labels[r] for r in rows], [scores[r] for r in rows], [neutral[r] for r in rows]))

    def _whole_vectors(self, items: list[LinkInput]) -> np.ndarray:
        # The enrichment step cached every item's embedding; texts without one (eval files) are encoded here.
        missing = list(dict.fromkeys(i.text for i in items if i.embedding is None))
        encoded = dict(zip(missing, self.embedder.embed(missing, prefix=QUERY), strict=True)) if missing else {}
        rows = [encoded[i.text] if i.embedding is None else i.embedding for i in items]
        return np.asarray(rows, dtype=np.float32).reshape(len(items), self.prototypes_.shape[1])

    def _sentiment(self, items: list[LinkInput], embeddings: np.ndarray) -> tuple[list, list, list, list]:
        """Label, score, ``min(p_negative, p_positive)`` and ``p(neutral)`` per item: as given, else the model's."""
        labels: list[str | None] = [i.sentiment_label for i in items]
        scores: list[float | None] = [i.sentiment_score if i.sentiment_label is not None else None for i in items]
        two_sided: list[float | None] = [i.two_sided if i.sentiment_label is not None else None for i in items]
        neutral = [neutral_share(s, p) for s, p in zip(scores, two_sided, strict=True)]
        need = [r for r, label in enumerate(labels) if label is None]
        if need and self.sentiment is not None:
            if getattr(self.sentiment, "uses_embeddings", True):
                result = self.sentiment.predict_from_embeddings(embeddings[need])
            else:  # a text classifier (the adapter, a Hugging Face model) reads the texts themselves
                result = self.sentiment.predict([items[r].text for r in need])
            values = getattr(result, "scores", None)
            values = getattr(result, "score", None) if values is None else values
            proba = getattr(result, "proba", None)
            for j, r in enumerate(need):
                labels[r], scores[r] = str(result.labels[j]), float(values[j])
                if proba is not None:
                    two_sided[r] = float(min(proba[j][LABEL_INDEX["negative"]], proba[j][LABEL_INDEX["positive"]]))
                    neutral[r] = float(proba[j][LABEL_INDEX["neutral"]])
        return labels, scores, two_sided, neutral

    def _item_mentions(self, item: LinkInput, units: _Units, conf: np.ndarray, hits: np.ndarray,
                       rows: list[int]) -> tuple[list[Mention], dict[str, int]]:
        """The item's mentions and, per text-linked touchpoint, the unit row its evidence and sentiment come from."""
        found: dict[str, Mention] = {}
        evidence: dict[str, int] = {}
        block = conf[rows]
        # A mention's evidence (and sentiment) is its most specific unit: of a split item, the clause most
        # confident for it, even when only the whole text reaches the bar.
        clause = np.asarray([units.clause[r] for r in rows])[:, None]
        arg = np.where(clause.any(), np.where(clause, block, -1.0).argmax(axis=0), block.argmax(axis=0))
        best_rows = np.asarray(rows)[arg]
        # Most confident first: the primary's tie-break (rounded confidences) keeps this order.
        for t in sorted(np.flatnonzero(block.max(axis=0) >= self.threshold), key=lambda t: -block[:, t].max()):
            tp, best = self.taxonomy.touchpoints[t], int(best_rows[t])
            confidence = float(block[:, t].max())
            method = "embedding+keyword" if hits[best, t] else "embedding"
            found[tp.id] = Mention(tp.id, tp.stage, confidence, units.labels[best], units.scores[best],
                                   units.texts[best], method)
            evidence[tp.id] = best
        for tp_id, confidence, method in self._hints(item):
            old = found.get(tp_id)
            if old is None:
                tp = self.taxonomy.touchpoint(tp_id)
                found[tp_id] = Mention(tp_id, tp.stage, confidence,
                                       *item_sentiment(item, units.labels, units.scores, rows), None, method)
            else:
                merged = 1.0 - (1.0 - old.confidence) * (1.0 - confidence)
                found[tp_id] = Mention(tp_id, old.journey_stage, merged, old.sentiment_label,
                                       old.sentiment_score, old.evidence, f"{old.method}+{method}")
        if not found:
            best = float(block.max()) if rows else 0.0
            return [Mention(UNLINKED, None, best, *item_sentiment(item, units.labels, units.scores, rows),
                            None, "none", True)], {}
        return mark_primary(list(found.values())), evidence

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
