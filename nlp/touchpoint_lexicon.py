"""Words the batch itself uses for each touchpoint, induced with the linker's own encoder (lexicon induction).

A sparse taxonomy names its topics in a few phrases ("Food and drinks", "the burger was dry"); the batch talks
about them in its own words ("the pasta", "sushi", "our waiter"). Each frequent content word of the batch is
embedded once (the linker's encoder, so the warehouse's embedding cache keeps it) and scored per touchpoint
twice: against the touchpoint's prototype phrases (the linker's margin) and against the touchpoint's own words
(its names and the words only it uses, :func:`~suara.nlp.touchpoint_prototypes.derived_keywords`), each
standardised over the batch's words (a word is judged against the other words of the same batch, not against
a cosine). A word joins the touchpoint it is clearly closest to: its score stands ``min_z`` robust deviations
above the batch's words and ``gap`` above its next touchpoint. The induced words then count as implicit
keywords (weaker than the analyst's) in the linker's evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from suara.nlp.taxonomy import Taxonomy
from suara.nlp.topics.stopwords import STOPWORDS
from suara.nlp.touchpoint_prototypes import QUERY, embed_prototypes, name_texts, tokens

MIN_ITEMS = 50
"""Smallest batch a lexicon is induced from (fewer items cannot show which words are frequent)."""


def candidate_words(unit_tokens: Sequence[set[str]], stopwords: frozenset[str], share: float,
                    cap: int) -> list[str]:
    """The batch's frequent content words, most frequent first.

    Args:
        unit_tokens: the words of each item (:func:`~suara.nlp.touchpoint_prototypes.tokens`).
        stopwords: words never taken.
        share: smallest document frequency, as a share of the items (at least 2 items).
        cap: at most this many words (bounds the encoder cost of a large batch).
    """
    floor = max(2, int(np.ceil(share * len(unit_tokens))))
    df = Counter(w for toks in unit_tokens for w in toks if len(w) >= 3 and w not in stopwords)
    return [w for w, n in df.most_common(cap) if n >= floor]


def standardise(scores: np.ndarray) -> np.ndarray:
    """(W, T) scores as robust z over the words (per touchpoint: minus the median, over 1.4826 MAD)."""
    loc = np.median(scores, axis=0)
    spread = 1.4826 * np.median(np.abs(scores - loc), axis=0)
    return (scores - loc) / np.maximum(spread, 1e-6)


def anchor_scores(vectors: np.ndarray, anchors: np.ndarray, owner: np.ndarray, n_touchpoints: int) -> np.ndarray:
    """(W, T) each word's best cosine to a touchpoint's own words, minus the word's median over touchpoints."""
    sims = np.asarray(vectors, np.float32) @ np.asarray(anchors, np.float32).T
    out = np.full((sims.shape[0], n_touchpoints), np.nan, dtype=np.float32)
    for t in range(n_touchpoints):
        if (owner == t).any():
            out[:, t] = sims[:, owner == t].max(axis=1)
    out = np.where(np.isnan(out), np.nanmin(out, axis=1, keepdims=True), out)
    return out - np.median(out, axis=1, keepdims=True)


def assign(z: np.ndarray, words: Sequence[str], min_z: float, gap: float) -> list[list[str]]:
    """Per touchpoint, the words whose best touchpoint it is by ``gap`` and at ``min_z`` or more."""
    order = np.argsort(-z, axis=1)
    best = order[:, 0]
    top = z[np.arange(len(z)), best]
    second = z[np.arange(len(z)), order[:, 1]] if z.shape[1] > 1 else np.full(len(z), -np.inf)
    keep = (top >= min_z) & (top - second >= gap)
    lexicon: list[list[str]] = [[] for _ in range(z.shape[1])]
    for i in np.flatnonzero(keep):
        lexicon[int(best[i])].append(words[i])
    return lexicon


def induce(unit_tokens: Sequence[set[str]], stopwords: frozenset[str], embed: Callable[[list[str]], np.ndarray],
           margin: Callable[[np.ndarray], np.ndarray], anchors: tuple[np.ndarray, np.ndarray], *,
           share: float, cap: int, min_z: float, gap: float) -> list[list[str]]:
    """Per touchpoint, the batch's words clearly about it (see the module docstring).

    Args:
        unit_tokens: the words of each item of the batch.
        stopwords: words never taken.
        embed: words -> (W, d) L2-normalised rows (the linker's encoder, ``query:`` prefix).
        margin: (W, d) -> (W, T) the linker's margin of each row for each touchpoint.
        anchors: (A, d) embeddings of the touchpoints' own words and (A,) the touchpoint of each.
        share: a word's smallest document frequency, as a share of the items.
        cap: at most this many words are scored.
        min_z: robust deviations above the batch's words a word needs for its best touchpoint.
        gap: ...and how far its next touchpoint must stay behind.
    """
    n_t = margin(np.zeros((0, anchors[0].shape[1]), np.float32)).shape[1]
    if len(unit_tokens) < MIN_ITEMS or n_t < 2:
        return [[] for _ in range(n_t)]
    words = candidate_words(unit_tokens, stopwords, share, cap)
    if len(words) < MIN_ITEMS // 5:
        return [[] for _ in range(n_t)]
    vectors = np.asarray(embed(words), np.float32)
    z = standardise(margin(vectors))
    if len(anchors[1]):
        z = 0.5 * (z + standardise(anchor_scores(vectors, anchors[0], anchors[1], n_t)))
    return assign(z, words, min_z, gap)


def lexicon_hits(unit_tokens: Sequence[set[str]], lexicon: Sequence[Sequence[str]]) -> np.ndarray:
    """(n, T) boolean: the unit holds an induced word of the touchpoint."""
    hits = np.zeros((len(unit_tokens), len(lexicon)), dtype=bool)
    for t, words in enumerate(lexicon):
        if words:
            vocab = set(words)
            hits[:, t] = [not vocab.isdisjoint(toks) for toks in unit_tokens]
    return hits


def anchor_words(names: Sequence[Sequence[str]], derived: Sequence[Sequence[str]]) -> tuple[list[str], list[int]]:
    """The touchpoints' own words (their names and the words only each uses) and the touchpoint of each."""
    words, owner = [], []
    for t, own in enumerate(zip(names, derived, strict=True)):
        found = list(dict.fromkeys(w.lower() for group in own for w in group if w.strip()))
        words += found
        owner += [t] * len(found)
    return words, owner


def confirmed(lexicon: Sequence[Sequence[str]], unit_tokens: Sequence[set[str]], z: np.ndarray,
              lift: float) -> list[list[str]]:
    """The induced words the batch confirms: their items' mean embedding ``z`` is ``lift`` above the batch's.

    A word close to a touchpoint in the encoder's space but used by the batch about other things ("tidur",
    "lemari" in hotel reviews) is dropped (HoASA and CASA lose 0.01-0.02 F1 without this check).
    """
    mean = z.mean(axis=0)
    out: list[list[str]] = []
    for t, words in enumerate(lexicon):
        keep = []
        for w in words:
            rows = np.fromiter((w in toks for toks in unit_tokens), dtype=bool, count=len(unit_tokens))
            if rows.any() and z[rows, t].mean() - mean[t] >= lift:
                keep.append(w)
        out.append(keep)
    return out


def anchors(taxonomy: Taxonomy, derived: Sequence[Sequence[str]], embedder: Any) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings of the touchpoints' own words (:func:`anchor_words`) and the touchpoint of each row.

    None for a taxonomy with keyword lists: it takes no induced words (:func:`batch_lexicon`).
    """
    if any(tp.keywords for tp in taxonomy.touchpoints):
        return np.zeros((0, 1), np.float32), np.zeros(0, int)
    words, owner = anchor_words([name_texts(tp) for tp in taxonomy.touchpoints], derived)
    vectors = embed_prototypes(embedder, words) if words else np.zeros((0, 1), np.float32)
    return vectors, np.asarray(owner, int)


def batch_lexicon(linker: Any, texts: list[str], whole: np.ndarray) -> list[list[str]]:
    """The batch's own words for each touchpoint of ``linker`` (a ``TouchpointLinker``), confirmed on the batch.

    A taxonomy with the analyst's own ``keywords:`` takes none: the analyst's lists are better evidence (with
    induced words the CASA keyword taxonomy fell from 0.782 to 0.757 F1; to 0.777 when only its touchpoints
    without keywords, the catch-all ``others``, took them).
    """
    c = linker.calibration
    if c.lexicon_z <= 0 or any(tp.keywords for tp in linker.taxonomy.touchpoints):
        return [[] for _ in linker.taxonomy.touchpoints]
    unit_tokens = [tokens(t) for t in texts]
    lexicon = induce(unit_tokens, STOPWORDS, lambda w: linker.embedder.embed(w, prefix=QUERY), linker.margin,
                     linker.anchors_, share=c.lexicon_share, cap=c.lexicon_cap, min_z=c.lexicon_min_z,
                     gap=c.lexicon_gap)
    return confirmed(lexicon, unit_tokens, linker.embedding_z(whole), c.lexicon_lift)
