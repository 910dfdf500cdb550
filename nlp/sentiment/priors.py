"""Per-source class-prior adaptation of sentiment probabilities (Saerens, Latinne & Decaestecker, 2002).

A source's class mix differs from the training mix (complaint tweets are mostly negative, app-store
reviews mostly positive). Given a model's probabilities on the source's own unlabelled items, EM
re-estimates the source's priors and re-weights every posterior by ``new_prior / train_prior``.

EM trusts the model's calibration, which does not hold far from the training domain: on seven
out-of-domain sets it lowered macro-F1 on five (``bench/sentiment_ood.py``), so sources without scores
keep the model's probabilities unless ``unchecked_damping`` says otherwise. Where a source carries
ratings, CSAT or NPS, its extreme scores are weak labels: a per-class log-offset (a prior correction) is
fitted on one half of them by maximum likelihood and kept only when it raises agreement (macro-F1) with the
other, held-back half (:func:`choose_adaptation`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from suara.nlp.sentiment.labels import LABELS

UNIFORM = np.full(len(LABELS), 1.0 / len(LABELS))
"""Effective training prior of the default models: their loss is class-balanced."""


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


def fit_score_prior(proba: np.ndarray, weak: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """The prior correction that best explains weak labels: per-class log-offsets fitted by maximum likelihood.

    Only the classes the weak labels hold get an offset (an NPS source has no neutral weak labels, so its
    neutral share is left alone); offsets are centred, and returned as a prior vector for :func:`reweight`
    against a uniform training prior.

    Args:
        proba: (n, 3) model posteriors of the weakly labelled items.
        weak: their weak label indices (0..2).
        l2: ridge on the offsets (keeps them finite when a class is perfectly separated).
    """
    from scipy.optimize import minimize

    present = np.unique(weak)
    y = np.searchsorted(present, weak)
    logp = np.log(np.clip(np.asarray(proba, np.float64)[:, present], 1e-9, None))
    onehot = np.eye(len(present))[y]

    def loss(b: np.ndarray) -> tuple[float, np.ndarray]:
        z = logp + b
        z = z - z.max(axis=1, keepdims=True)
        logq = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        grad = (np.exp(logq) - onehot).mean(axis=0) + 2 * l2 * b
        return float(-(logq * onehot).sum(axis=1).mean() + l2 * b @ b), grad

    b = minimize(loss, np.zeros(len(present)), jac=True, method="L-BFGS-B").x
    offsets = np.zeros(len(LABELS))
    offsets[present] = b - b.mean()
    prior = np.exp(offsets)
    return prior / prior.sum()


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
    """``none``, ``em`` (damped EM shift, no scores to check it) or ``scores-checked`` (a prior correction
    fitted on extreme scores and kept because it raised agreement on held-back scored items)."""
    n_items: int
    prior: list[float]
    """The prior the posteriors are shifted to (EM estimate or score fit), in :data:`LABELS` order."""
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
    fitted = fit_score_prior(proba[fit], weak[fit]) * np.asarray(train_prior)  # offsets relative to training
    fitted /= fitted.sum()
    # the check compares the fitted correction's agreement with weak labels it never saw
    off = agreement(proba[check], weak[check])
    on = agreement(reweight(proba[check], train_prior, fitted), weak[check])
    extra = {"em_prior": [round(float(p), 4) for p in prior]}
    if on > off:
        return Adaptation(True, "scores-checked", n, list(fitted), 1.0, len(labelled), off, on,
                          "raises agreement on held-back scored items", extra)
    return Adaptation(False, "none", n, list(fitted), 0.0, len(labelled), off, on,
                      "no gain on held-back scored items", extra)
