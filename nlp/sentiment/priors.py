"""Per-source class-prior adaptation of sentiment probabilities (Saerens, Latinne & Decaestecker, 2002).

A source's class mix differs from the training mix (complaint tweets are mostly negative, app-store
reviews mostly positive). Given a model's probabilities on the source's own unlabelled items, EM
re-estimates the source's priors and re-weights every posterior by ``new_prior / train_prior``.

EM trusts the model's calibration, which does not hold far from the training domain, so the shift is
applied only where it is checked or damped (:func:`choose_adaptation`): with weak labels (extreme star
ratings, CSAT or NPS), a damping exponent is fitted on one half of them and the adaptation is kept only
when it raises agreement on the other half; without them, a fixed damping chosen on several
out-of-domain corpora together (``bench/sentiment_ood.py --adapt``) is used.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from suara.nlp.sentiment.labels import LABELS

UNIFORM = np.full(len(LABELS), 1.0 / len(LABELS))
"""Effective training prior of the default models: their loss is class-balanced."""
DAMPINGS = (0.25, 0.5, 0.75, 1.0)
"""Candidate exponents of the prior ratio fitted on weak labels (1 = full EM shift)."""


def reweight(proba: np.ndarray, train_prior: np.ndarray, new_prior: np.ndarray, damping: float = 1.0) -> np.ndarray:
    """Posteriors under ``new_prior``: ``p(y|x) * (new/train)^damping``, renormalised per row."""
    ratio = (np.asarray(new_prior, np.float64) / np.asarray(train_prior, np.float64)) ** damping
    out = np.asarray(proba, np.float64) * ratio
    return out / np.clip(out.sum(axis=1, keepdims=True), 1e-12, None)


def em_priors(proba: np.ndarray, train_prior: np.ndarray = UNIFORM, max_iter: int = 200,
              tol: float = 1e-6) -> np.ndarray:
    """EM estimate of the class priors of the items behind ``proba`` (Saerens et al. 2002).

    Args:
        proba: (n, 3) posteriors of the model under its training prior.
        train_prior: the prior the model's posteriors assume.
        max_iter: EM iterations at most.
        tol: stop when no prior moves more than this.
    """
    proba = np.asarray(proba, np.float64)
    prior = np.asarray(train_prior, np.float64).copy()
    if len(proba) == 0:
        return prior
    for _ in range(max_iter):
        post = reweight(proba, train_prior, prior)
        new = np.clip(post.mean(axis=0), 1e-4, None)
        new /= new.sum()
        if np.abs(new - prior).max() < tol:
            return new
        prior = new
    return prior


def agreement(proba: np.ndarray, weak: np.ndarray) -> float:
    """Macro-F1 of the argmax of ``proba`` against weak label indices, over the classes the weak labels hold."""
    pred = np.asarray(proba).argmax(axis=1)
    f1s = []
    for c in np.unique(weak):
        tp = float(np.sum((pred == c) & (weak == c)))
        denom = float(np.sum(pred == c) + np.sum(weak == c))
        f1s.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


@dataclass
class Adaptation:
    """What was decided for one source (recorded in ``ops.runs`` and the warehouse)."""

    applied: bool
    method: str
    """``none``, ``em`` (damped EM shift, no scores to check it) or ``em-checked`` (kept by the weak-label check)."""
    n_items: int
    prior: list[float]
    """Estimated class priors of the source (EM), in :data:`LABELS` order."""
    damping: float = 0.0
    n_weak: int = 0
    agreement_off: float | None = None
    agreement_on: float | None = None
    reason: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-able dict (figures rounded)."""
        out = asdict(self)
        out["prior"] = [round(float(p), 4) for p in self.prior]
        for key in ("agreement_off", "agreement_on"):
            out[key] = None if out[key] is None else round(float(out[key]), 4)
        return out

    def apply(self, proba: np.ndarray, train_prior: np.ndarray = UNIFORM) -> np.ndarray:
        """The adapted posteriors (``proba`` unchanged when nothing was applied)."""
        if not self.applied:
            return np.asarray(proba, np.float64)
        return reweight(proba, train_prior, np.asarray(self.prior), self.damping)


def _halves(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return order[: n // 2], order[n // 2:]


def choose_adaptation(proba: np.ndarray, weak: np.ndarray | None = None, *, train_prior: np.ndarray = UNIFORM,
                      unchecked_damping: float = 0.0, min_items: int = 50, min_weak: int = 40,
                      seed: int = 0) -> Adaptation:
    """Decide the prior adaptation of one source.

    Args:
        proba: (n, 3) model posteriors of every item of the source.
        weak: per item, a weak label index (from an extreme rating/CSAT/NPS) or -1 where none.
        train_prior: the prior the posteriors assume.
        unchecked_damping: damping used when the source has too few weak labels to check (0 = off).
        min_items: fewer items than this: no adaptation (EM on a handful of items is noise).
        min_weak: weak labels needed to fit and check the adaptation.
        seed: seeds the fit/check split of the weak-labelled items.
    """
    n = len(proba)
    if n < min_items:
        return Adaptation(False, "none", n, list(train_prior), reason=f"fewer than {min_items} items")
    prior = em_priors(proba, train_prior)
    labelled = np.flatnonzero(weak >= 0) if weak is not None else np.zeros(0, dtype=int)
    if len(labelled) < min_weak:
        if unchecked_damping <= 0:
            return Adaptation(False, "none", n, list(prior), n_weak=len(labelled),
                              reason="no scores to check an adaptation")
        return Adaptation(True, "em", n, list(prior), unchecked_damping, len(labelled),
                          reason="no scores: damped EM shift")
    fit, check = _halves(len(labelled), seed)
    fit, check = labelled[fit], labelled[check]

    def score(rows: np.ndarray, damping: float) -> float:
        return agreement(reweight(proba[rows], train_prior, prior, damping), weak[rows])

    best = max(DAMPINGS, key=lambda d: (score(fit, d), -d))
    off, on = score(check, 0.0), score(check, best)
    applied = on > off
    reason = "raises agreement on held-back scored items" if applied else "no gain on held-back scored items"
    return Adaptation(applied, "em-checked" if applied else "none", n, list(prior), best if applied else 0.0,
                      len(labelled), off, on, reason)
