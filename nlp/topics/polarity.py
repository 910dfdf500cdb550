"""Key phrases on the side of their theme: a pain point is never labelled with praise (issue 11).

With the sentiment direction projected out of the theme
space (:mod:`suara.nlp.topics.nuisance`), a theme gathers what customers say about one thing, in praise and in
complaint; mixed reviews also bring praise into mostly negative themes ("kamar bau, tapi pelayanannya ramah").
c-TF-IDF alone then labels a hotel's air-conditioning complaints "kurang dingin, pelayanan bagus, ac panas". So
every candidate phrase is scored by the configured sentiment model itself (a phrase is the smallest clause it comes
from), and a theme keeps only the phrases that do not lean to the other side:

* a theme whose items are at least as often negative as positive is a **pain point**: a phrase the model reads as
  more positive than negative ("pelayanan bagus", "free wifi") is dropped, and the label leads with a phrase the
  model reads as negative ("payment failed", "kurang dingin"): it names the problem, not only the topic;
* other themes keep their phrases (see :func:`theme_sides`).

No word list and no threshold: the comparison is the model's own, phrase by phrase, and the side is the
theme's own majority (the same rule the pain-point mart ranks by).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Scorer = Callable[[list[str]], np.ndarray]
"""Texts -> (n, 3) sentiment probabilities in the order negative, neutral, positive."""
PAIN, NONE, BRIGHT = -1, 0, 1
CANDIDATES = 10
"""Key phrases per list a theme with a side keeps and scores (a label uses 2-3): scoring costs an encoder pass."""


def theme_sides(topics: np.ndarray, sentiment: list[str] | None, k: int) -> np.ndarray:
    """``PAIN`` (negative share >= positive share, some negative) or ``NONE`` per topic.

    Only pain points are checked: the default sentiment adapter reads short Indonesian praise as negative often
    enough ("kurir ramah": 0.52 negative, 0.29 positive) that a bright spot checked the same way lost its best
    phrase; the pain side only ever loses phrases the model itself calls praise.
    """
    sides = np.full(k, NONE, dtype=np.int64)
    if sentiment is None:
        return sides
    labels = np.asarray(sentiment)
    for t in range(k):
        members = labels[topics == t]
        neg, pos = int((members == "negative").sum()), int((members == "positive").sum())
        if neg and neg >= pos:
            sides[t] = PAIN
    return sides


def phrase_polarity(phrases: list[str], score: Scorer) -> dict[str, np.ndarray]:
    """Sentiment probabilities (negative, neutral, positive) of each distinct phrase, scored once."""
    unique = list(dict.fromkeys(p for p in phrases if p))
    if not unique:
        return {}
    proba = np.asarray(score(unique), dtype=np.float64).reshape(len(unique), 3)
    return dict(zip(unique, proba, strict=True))


def on_side(phrase: str, side: int, polarity: dict[str, np.ndarray]) -> bool:
    """Whether ``phrase`` may describe a theme of ``side`` (unscored phrases may)."""
    proba = polarity.get(phrase)
    if proba is None or side == NONE:
        return True
    neg, pos = proba[0], proba[2]
    return not (pos > neg) if side == PAIN else not (neg > pos)


def keep_side(keywords: list[list[tuple[str, float]]], sides: np.ndarray, polarity: dict[str, np.ndarray],
              own: np.ndarray | None = None) -> list[list[tuple[str, float]]]:
    """Each topic's key phrases without those leaning to the other side (order kept).

    ``own`` (per topic): its phrases come from its complaints alone (:func:`~suara.nlp.topics.model.keyword_topics`).
    Such a topic keeps them all when the model reads every one as praise: they name what the complaints are about
    ("promo", read 0.80 positive, in a Play-store theme of too few promotions), where the filter left "(no keywords)".
    """
    out = []
    for t, kws in enumerate(keywords):
        kept = [(w, s) for w, s in kws if on_side(w, int(sides[t]), polarity)]
        out.append(kept if kept or own is None or not own[t] else list(kws))
    return out


def voiced(phrase: str, side: int, polarity: dict[str, np.ndarray]) -> bool:
    """Whether the model reads ``phrase`` itself as of ``side`` (its most probable class).

    Such a phrase names the problem ("payment failed", "kurang dingin") or the praise, not only the topic
    ("payment", "ac kamar").
    """
    proba = polarity.get(phrase)
    if proba is None or side == NONE:
        return False
    return int(np.argmax(proba)) == (0 if side == PAIN else 2)


def _shortlist(keywords: list[list[tuple[str, float]]], sides: np.ndarray) -> list[list[tuple[str, float]]]:
    return [kws[:CANDIDATES] if sides[t] != NONE else kws for t, kws in enumerate(keywords)]


def side_keywords(keywords: list[list[tuple[str, float]]], by_language: dict[str, list[list[tuple[str, float]]]],
                  sides: np.ndarray, score: Scorer | None,
                  own: np.ndarray | None = None) -> tuple[list, dict, list[set[str]]]:
    """Keywords and per-language keywords of every topic, filtered by :func:`keep_side`, and their voiced phrases.

    ``own``: topics whose phrases come from their complaints alone (see :func:`keep_side`).

    The third value holds, per topic, the kept phrases that voice its side (:func:`voiced`; labels lead with them).
    Without a scorer (``None``) the lists come back unchanged. All candidate phrases are scored in one call.
    """
    k = len(keywords)
    if score is None or not (sides != NONE).any():
        return keywords, by_language, [set() for _ in range(k)]
    keywords = _shortlist(keywords, sides)
    by_language = {lang: _shortlist(lists, sides) for lang, lists in by_language.items()}
    phrases = [w for t, kws in enumerate(keywords) if sides[t] != NONE for w, _ in kws]
    phrases += [w for lists in by_language.values() for t, kws in enumerate(lists) if sides[t] != NONE
                for w, _ in kws]
    polarity = phrase_polarity(phrases, score)
    kept = keep_side(keywords, sides, polarity, own)
    kept_by_language = {lang: keep_side(lists, sides, polarity, own) for lang, lists in by_language.items()}
    voice = []
    for t in range(k):
        candidates = [w for w, _ in kept[t]] + [w for lists in kept_by_language.values() for w, _ in lists[t]]
        voice.append({w for w in candidates if voiced(w, int(sides[t]), polarity)})
    return kept, kept_by_language, voice


def model_scorer(load_model: Callable[[], object]) -> Scorer:
    """A :data:`Scorer` over any sentiment backend, loading it (``load_model()``) only when first asked."""
    loaded: list = []

    def score(texts: list[str]) -> np.ndarray:
        from suara.nlp.sentiment import LABELS, score_sentiment

        if not loaded:
            loaded.append(load_model())
        proba = np.asarray(score_sentiment(loaded[0], list(texts)).proba, dtype=np.float64)
        return proba[:, [list(LABELS).index(name) for name in ("negative", "neutral", "positive")]]

    return score
