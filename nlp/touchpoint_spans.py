"""A touchpoint mention's sentiment from its own span, where its clause is not clearly felt.

The sentiment model reads a whole clause; a clause often names a touchpoint in a short span that holds the
opinion and dilutes it with the rest ("Our waiter was inattentive throughout the meal, took nearly 3 hours
for dinner": neutral as a whole, negative in the waiter's span). For the mentions whose unit (clause or
whole text) the model finds at least :attr:`~suara.nlp.touchpoint_prototypes.Calibration.span_neutral`
neutral, the unit is cut into spans (:func:`~suara.nlp.clauses.split_spans`), the span most about the
touchpoint is found, and its sentiment replaces the unit's when it is less neutral. A clearly felt clause
keeps its sentiment: the model reads short Indonesian fragments less reliably than their clause
("irit bbm" alone reads negative), and the gate bounds the encoder cost to the few neutral-looking units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from suara.nlp.sentiment.labels import LABELS
from suara.nlp.touchpoint_types import Mention

SpanScorer = Callable[[list[str]], tuple[np.ndarray, list, list, list]]
"""texts -> (z (n, T) evidence per touchpoint, labels, scores, p(neutral)); one encoder pass per text."""


def neutral_share(score: float | None, two_sided: float | None) -> float | None:
    """``p(neutral)`` from what the warehouse keeps: ``score = p_pos - p_neg``, ``two_sided = min(p_neg, p_pos)``."""
    if score is None or two_sided is None:
        return None
    return max(0.0, 1.0 - abs(float(score)) - 2.0 * float(two_sided))


def span_sentiment(linked: Sequence[tuple[list[Mention], dict[str, int]]], units: tuple[list, list, list],
                   touchpoint_ids: list[str], bar: float, split: Callable[[str], list[str]],
                   score: SpanScorer) -> list[list[Mention]]:
    """Per item, its mentions with the sentiment of their own span where that is more opinionated.

    Args:
        linked: per item, its mentions and the unit row each text-linked touchpoint's sentiment came from.
        units: the units' texts, sentiment labels and ``p(neutral)`` (``None``: unknown), by row.
        touchpoint_ids: the taxonomy's touchpoint ids (columns of the scorer's ``z``).
        bar: ``p(neutral)`` from which a unit's mentions are looked at (a unit known only by its label: when
            it is ``neutral``).
        split: a unit's text -> its spans.
        score: the scorer of spans (encodes them).
    """
    texts, labels, neutral = units
    wanted: list[tuple[int, int, float, list[str]]] = []  # item, mention, unit p(neutral), spans
    for i, (mentions, rows) in enumerate(linked):
        for j, mention in enumerate(mentions):
            row = rows.get(mention.touchpoint)
            if row is None:
                continue
            unit = neutral[row] if neutral[row] is not None else float(labels[row] == "neutral")
            if labels[row] is not None and unit >= bar and len(spans := split(texts[row])) > 1:
                wanted.append((i, j, unit, spans))
    out = [list(mentions) for mentions, _ in linked]
    if not wanted:
        return out
    span_texts = list(dict.fromkeys(s for *_, spans in wanted for s in spans))
    z, span_labels, span_scores, span_neutral = score(span_texts)
    index = {t: k for k, t in enumerate(span_texts)}
    for i, j, unit, spans in wanted:
        t = touchpoint_ids.index(out[i][j].touchpoint)
        k = max((index[s] for s in spans), key=lambda k: z[k, t])
        if span_neutral[k] is not None and span_neutral[k] < unit:
            out[i][j] = replace(out[i][j], sentiment_label=span_labels[k], sentiment_score=span_scores[k])
    return out


def batch_neutral(scores: Sequence[float | None], neutral: Sequence[float | None], trained: float,
                  prior_units: float, iterations: int = 100) -> float:
    """The batch's share of neutral text, by EM on the model's probabilities (prior-shift, Saerens et al. 2002).

    The sentiment model reads neutral at the share it was trained with (``trained``); a batch of feedback
    about touchpoints can hold far fewer (or more) texts without an opinion. The share is re-estimated from
    the units' own ``p(neutral)`` (neutral vs opinionated only: the model's positive/negative balance is kept),
    with ``prior_units`` pseudo-units at ``trained``, so a small batch stays near the model's own share.

    Args:
        scores: ``p_pos - p_neg`` per unit (``None``: unknown, left out).
        neutral: ``p(neutral)`` per unit (``None``: unknown, left out).
        trained: the neutral share the model was trained at.
        prior_units: weight of ``trained`` in units.
        iterations: EM steps at most.
    """
    p = np.asarray([n for s, n in zip(scores, neutral, strict=True) if s is not None and n is not None], float)
    share = trained
    for _ in range(iterations):
        weighted = _reweigh(p, share, trained)
        new = (weighted.sum() + prior_units * trained) / (p.size + prior_units)
        if abs(new - share) < 1e-6:
            break
        share = new
    return float(share)


def relabel(labels: Sequence[str | None], scores: Sequence[float | None], neutral: Sequence[float | None],
            share: float, trained: float) -> tuple[list, list]:
    """Labels and ``p(neutral)`` of units read at the batch's neutral ``share`` instead of ``trained``.

    Scores (``p_pos - p_neg``) stay the model's: the share changes which class is read, not the model's balance.
    """
    labels, neutral = list(labels), list(neutral)
    known = [r for r, (s, n) in enumerate(zip(scores, neutral, strict=True)) if s is not None and n is not None]
    if not known:
        return labels, neutral
    s, n = np.asarray([scores[r] for r in known], float), np.asarray([neutral[r] for r in known], float)
    p_neutral = _reweigh(n, share, trained)
    polar = (1.0 - p_neutral) / np.maximum(1.0 - n, 1e-9)  # the polar classes scale alike: the sign is kept
    proba = np.stack([(1.0 - n - s) / 2 * polar, p_neutral, (1.0 - n + s) / 2 * polar], axis=1)
    for k, r in enumerate(known):
        labels[r], neutral[r] = LABELS[int(proba[k].argmax())], float(p_neutral[k])
    return labels, neutral


def _reweigh(p_neutral: np.ndarray, share: float, trained: float) -> np.ndarray:
    # Bayes with the class prior swapped: neutral weighted share/trained, opinionated (1-share)/(1-trained).
    a = p_neutral * share / trained
    b = (1.0 - p_neutral) * (1.0 - share) / (1.0 - trained)
    return a / np.maximum(a + b, 1e-12)
