"""What the touchpoint linker compares text with: prototype phrases, background phrases, keyword rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from suara.nlp.taxonomy import Taxonomy, Touchpoint

QUERY = "query: "
BACKGROUND = (
    "terima kasih", "ok", "biasa saja", "saya tidak tahu", "hari ini cuaca cerah", "tidak ada komentar",
    "thank you", "nothing to add", "just a normal day", "no comment",
)
"""Topic-free phrases added to the baseline a clause's similarities are measured against, so that a
taxonomy with only a few touchpoints still has a meaningful "no topic" reference."""


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


_PROTOTYPE_CACHE: dict[tuple, np.ndarray] = {}


def embed_prototypes(embedder: Any, texts: list[str]) -> np.ndarray:
    """Embeddings of prototype or background ``texts`` (``query: `` prefix), cached per model and texts."""
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
    # Names count as prototypes: a sparse taxonomy's name ("Harga", "Wi-Fi") is often its best evidence.
    return list(dict.fromkeys([*name_texts(tp), *tp.prototype_texts()]))


def name_texts(tp: Touchpoint) -> list[str]:
    """The touchpoint's display names in every language (distinct), embedded as prototypes too."""
    return list(dict.fromkeys(n for n in tp.name.values() if n))


def robust_scale(values: np.ndarray, floor: float) -> tuple[float, float]:
    """Median and MAD-based spread (1.4826 x MAD, at least ``floor``) of a 1-d sample."""
    if values.size == 0:
        return 0.0, floor
    location = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - location)))
    return location, max(spread, floor)


def null_statistics(margin: np.ndarray, reference: np.ndarray, ref_owner: np.ndarray,
                    batch_weight: float, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Per touchpoint, location and spread of the margins of text that is NOT about it.

    Two samples describe that "null": the taxonomy's own reference rows (the other touchpoints'
    prototypes and the topic-free background phrases; ``ref_owner`` is -1 for background) and the
    batch's units whose most similar touchpoint is another one. They are pooled with the batch
    counting ``batch_weight`` times its share, so a one-item batch is judged against the taxonomy
    alone and a large batch mostly against itself.

    Args:
        margin: (n, T) margins of the batch's units.
        reference: (r, T) margins of the reference rows.
        ref_owner: (r,) touchpoint index of each reference row (-1 for background).
        batch_weight: weight of the batch sample relative to the reference sample at equal size.
        floor: smallest spread (the margins of a tiny sample can all coincide).
    """
    n_t = margin.shape[1]
    loc, spread = np.zeros(n_t, np.float32), np.zeros(n_t, np.float32)
    # A unit's two most similar touchpoints are left out of their nulls: most feedback names one or two topics.
    rank = np.argsort(np.argsort(-margin, axis=1), axis=1) if margin.size else np.zeros((0, n_t), int)
    for t in range(n_t):
        ref = reference[ref_owner != t, t]
        own = margin[rank[:, t] >= min(2, n_t - 1), t]
        weights = np.concatenate([np.full(ref.size, 1.0 / max(ref.size, 1)),
                                  np.full(own.size, batch_weight * min(own.size / 50.0, 1.0) / max(own.size, 1))])
        values = np.concatenate([ref, own])
        loc[t], spread[t] = _weighted_robust(values, weights, floor)
    return loc, spread


def _weighted_robust(values: np.ndarray, weights: np.ndarray, floor: float) -> tuple[float, float]:
    order = np.argsort(values)
    v, w = values[order], weights[order]
    cdf = np.cumsum(w) / w.sum()
    location = float(v[np.searchsorted(cdf, 0.5)])
    dev = np.abs(values - location)
    order = np.argsort(dev)
    cdf = np.cumsum(weights[order]) / weights.sum()
    mad = float(dev[order][np.searchsorted(cdf, 0.5)])
    return location, max(1.4826 * mad, floor)


_TOKEN = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_ENCLITIC = re.compile(r"(?:nya|ku|mu|lah|kah|pun)$")


def tokens(text: str) -> set[str]:
    """Lower-case words of ``text``, each also without an Indonesian enclitic ("mesinnya" → "mesin")."""
    words = set(_TOKEN.findall(text.lower()))
    return words | {_ENCLITIC.sub("", w) for w in words if len(w) > 5}


def _stem(word: str) -> str:
    return _ENCLITIC.sub("", word) if len(word) > 5 else word


def derived_keywords(taxonomy: Taxonomy, stopwords: frozenset[str]) -> list[list[str]]:
    """Per touchpoint, the content words of its names, descriptions and seeds that no other touchpoint uses.

    A taxonomy without ``keywords:`` still names its topics ("Konsumsi BBM", "boros bensin", "Wi-Fi"):
    those words are evidence the linker can use, once validated on the batch
    (:func:`validated_keywords`). Words of two or more touchpoints, stopwords and words shorter than 3
    letters (2 in a name: "AC", "TV") are left out; a touchpoint with its own ``keywords:`` gets none
    (the analyst's list is better evidence than the words of a description).
    """
    found = []
    for tp in taxonomy.touchpoints:
        names = set().union(*(tokens(n) for n in tp.name.values()))
        texts = [*tp.description.values(), *(s for seeds in tp.seeds.values() for s in seeds)]
        words = {w for w in set().union(*(tokens(t) for t in texts)) if len(w) >= 3} | names
        explicit = {k.lower().rstrip("*") for k in tp.keywords}
        found.append({w for w in words if w not in stopwords and w not in explicit})
    counts: dict[str, int] = {}
    for words in found:  # by stem: "mobilnya" (fuel) is not fuel's own when "mobil" (price) is another's
        for w in {_stem(w) for w in words}:
            counts[w] = counts.get(w, 0) + 1
    return [sorted(w for w in words if counts[_stem(w)] == 1) if not tp.keywords else []
            for tp, words in zip(taxonomy.touchpoints, found, strict=True)]


def validated_keywords(unit_tokens: list[set[str]], z: np.ndarray, words: list[list[str]],
                       lift: float, min_units: int) -> np.ndarray:
    """(n, T) boolean: a unit holds a derived word of the touchpoint that the batch confirms.

    A word is confirmed when the units holding it are, on average, at least ``lift`` null standard
    deviations closer to the touchpoint (embedding evidence ``z``) than the batch's units overall; a
    word held by fewer than ``min_units`` units cannot be judged and is trusted as the taxonomy wrote it.
    Opinion words a seed happens to contain ("enak", "nyaman") fail this test on real data.
    """
    hits = np.zeros(z.shape, dtype=bool)
    mean = z.mean(axis=0) if len(z) else np.zeros(z.shape[1])
    for t, vocab in enumerate(words):
        for w in vocab:
            rows = np.fromiter((w in toks for toks in unit_tokens), dtype=bool, count=len(unit_tokens))
            if rows.sum() >= min_units and z[rows, t].mean() - mean[t] < lift:
                continue
            hits[:, t] |= rows
    return hits


@dataclass(frozen=True)
class Calibration:
    """How evidence becomes a link: every bar is relative to the batch and the taxonomy, none is a cosine.

    A unit's margin for a touchpoint (similarity minus the unit's median over all touchpoints and the
    background phrases) is standardised against the touchpoint's *null*: the margins of text that is not
    about it, from the taxonomy (the other touchpoints' prototypes, the background phrases) and from the
    batch (its units whose most similar touchpoint is another one); see
    :func:`~suara.nlp.touchpoint_prototypes.null_statistics`. The result ``z`` says how unusual the unit
    is for that touchpoint among what the batch and the taxonomy offer. ``confidence =
    sigmoid(slope * (z - link_z))`` for a unit's best touchpoint, with ``extra_z`` more demanded of any
    other. Chosen on the three sparse taxonomies of ``../shared/taxonomies`` and the keyword-rich test
    taxonomies together (``bench/touchpoints_calibrate.py``).
    """

    link_z: float = 1.5
    """Null standard deviations a unit's best touchpoint must stand above its null."""
    extra_z: float = 1.0
    """...and how many more a touchpoint needs that is not the unit's best (multi-label in one clause)."""
    gap_z: float = 2.0
    """...and must be within this of the unit's best (margin best vs next: one clear topic links alone)."""
    keyword_z: float = 6.0
    """A keyword of the touchpoint in the unit adds this to its z (an analyst's keyword outweighs the embedding:
    3 -> 6 lifted the keyword-rich test taxonomies by 0.01-0.04 F1 and left the sparse ones unchanged)."""
    derived_z: float = 3.0
    """A word of the touchpoint's own names, descriptions or seeds (no other touchpoint's) adds this, once the
    batch confirms it (:func:`~suara.nlp.touchpoint_prototypes.validated_keywords`)."""
    derived_lift: float = 0.3
    """...confirmed: its units' embedding z for the touchpoint is this much above the batch's mean."""
    lexicon_z: float = 2.0
    """A word the batch uses that is clearly about the touchpoint (induced: :mod:`~suara.nlp.touchpoint_lexicon`)
    adds this to its z (weaker than the analyst's keywords and the taxonomy's own words); 0 = no lexicon."""
    lexicon_min_z: float = 3.0
    """...induced: the word's score for its best touchpoint stands this many robust deviations above the batch's
    other words..."""
    lexicon_gap: float = 1.0
    """...and this far above its next touchpoint."""
    lexicon_lift: float = 0.15
    """...and the batch confirms it: its items' embedding z for the touchpoint is this much above the batch's mean
    (as ``derived_lift``)."""
    lexicon_share: float = 0.002
    """...from the words at least this share of the batch's items use (and 2 items at least)..."""
    lexicon_cap: int = 600
    """...at most this many of them, the most frequent (the encoder cost of a large batch)."""
    slope: float = 1.5
    """Steepness of the confidence around the link bar."""
    batch_weight: float = 1.0
    """Weight of the batch's own null sample against the taxonomy's (reached at 50 units)."""
    refine_weight: float = 0.5
    """Self-training: weight of the centroid of the batch's most confident units in a touchpoint's similarity."""
    refine_min: int = 5
    """...computed only for touchpoints with at least this many confident units (else prototypes alone)."""
    refine_top: int = 64
    """...from at most this many of them (the most confident)."""
    spread_floor: float = 0.004
    """Smallest null spread (a guard for tiny taxonomies)."""
    top_k: int = 3
    """Similarity to a touchpoint = mean of its ``top_k`` most similar prototypes and the single best."""
    span_neutral: float = 0.1
    """A mention whose unit the sentiment model finds at least this neutral (``p(neutral)``) takes the sentiment of
    its own span when that is less neutral (``TouchpointLinker._span_sentiment``); a model probability, not a
    cosine: chosen on CASA, HoASA and MAMS together (0.1: MAMS 0.69 -> 0.76, CASA and HoASA unchanged)."""
    trained_neutral: float | None = 1 / 3
    """Share of neutral text the sentiment model was trained at (the default adapter: class-balanced, 1/3). Mention
    sentiment is read at the batch's own share instead (EM prior shift, ``touchpoint_spans.batch_neutral``);
    ``None`` keeps the model's labels. Not tuned: the model's training balance."""
    prior_units: float = 50.0
    """...with the training share counting as this many units (a small batch stays near it; as ``batch_weight``)."""
    hint_confidence: float = 0.9
    """Confidence of a link given by the source's explicit touchpoint hint."""
    channel_confidence: float = 0.6
    """Confidence of a link implied by the channel or kind (a chat ticket → customer service)."""
