"""The out-of-domain scorecard: several models on every shared set they were never trained on, in one run.

One e5 forward pass per text gives the embedding and the shipped adapter's probabilities
(``embed_and_predict``); the frozen MLP head and the e5 + logistic-regression baseline score those
cached embeddings, so every model sees the same rows in the same run. Embeddings and probabilities are
cached under ``$SUARA_OOD_CACHE`` (default ``/tmp/suara-ood``), keyed by the texts and the model id.
Models are compared on the **mean and the worst set** of macro-F1, never on one set.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from suara.nlp.progress import Progress
from suara.nlp.sentiment.data import TRAIN_SETS, LabelledSet, load_shared
from suara.nlp.sentiment.evaluate import EvalReport, evaluate_predictions
from suara.nlp.sentiment.labels import LABELS
from suara.nlp.sentiment.ood import OOD_LICENCES, load_ood

DEFAULT_SAMPLE = 800
"""Rows per set (a fixed seeded sample), so the whole scorecard runs in minutes on two cores."""
BASELINE_ROWS_PER_SET = 300
"""Training rows per shared training set for the logistic-regression baseline (fixed sample)."""
BASELINE_ID = "e5-logreg-baseline"


def cache_root() -> Path:
    """Folder of the scorecard's embedding cache (``$SUARA_OOD_CACHE`` or ``/tmp/suara-ood``)."""
    return Path(os.environ.get("SUARA_OOD_CACHE") or "/tmp/suara-ood")


def gold_macro_f1(report: EvalReport) -> float:
    """Macro-F1 over the classes the gold labels hold (a neutral prediction on a binary set is a miss)."""
    f1s = [m.f1 for m in report.per_class.values() if m.support > 0]
    return float(np.mean(f1s)) if f1s else 0.0


def _key(texts: Sequence[str], model_id: str) -> str:
    digest = hashlib.sha1("\x1e".join(texts).encode("utf-8")).hexdigest()[:16]
    return f"{model_id.replace('/', '_').replace('@', '-')}-{digest}"


def _text_hashes(texts: Sequence[str]) -> np.ndarray:
    return np.array([hashlib.sha1(t.encode("utf-8")).hexdigest()[:16] for t in texts])


def encode_with_adapter(name: str, texts: Sequence[str], adapter: Any, batch: int = 128,
                        progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """e5 embeddings and the adapter's probabilities of ``texts`` (one pass), cached on disk per text.

    The cache holds every text of ``name`` ever encoded with this adapter, so a smaller or larger sample
    of the same set only encodes the texts it has not seen.
    """
    path = cache_root() / f"{name}-{adapter.model_id.replace('/', '_').replace('@', '-')}.npz"
    hashes = _text_hashes(texts)
    known: dict[str, int] = {}
    cached = {"hash": np.zeros(0, dtype="<U16"), "emb": np.zeros((0, 384), np.float32),
              "proba": np.zeros((0, len(LABELS)), np.float32)}
    if path.exists():
        with np.load(path) as z:
            cached = {k: z[k] for k in cached}
        known = {h: i for i, h in enumerate(cached["hash"].tolist())}
    first: dict[str, int] = {}
    for i, h in enumerate(hashes.tolist()):
        if h not in known:
            first.setdefault(h, i)
    missing = sorted(first.values())
    embs, probas = [], []
    for start in range(0, len(missing), batch):
        rows = missing[start:start + batch]
        emb, result = adapter.embed_and_predict([texts[i] for i in rows])
        embs.append(emb.astype(np.float32))
        probas.append(result.proba.astype(np.float32))
        if progress:
            progress(f"encoding {name}", min(start + batch, len(missing)), len(missing))
    if missing:
        cached = {"hash": np.concatenate([cached["hash"], hashes[missing]]),
                  "emb": np.concatenate([cached["emb"], *embs]), "proba": np.concatenate([cached["proba"], *probas])}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **cached)
        tmp.replace(path)  # atomic: a half-written cache never looks valid
        known = {h: i for i, h in enumerate(cached["hash"].tolist())}
    rows = np.array([known[h] for h in hashes.tolist()], dtype=np.int64)
    return cached["emb"][rows], cached["proba"][rows]


def _embed_cached(name: str, texts: Sequence[str], embedder: Any, progress: Progress | None) -> np.ndarray:
    path = cache_root() / f"{name}-{_key(texts, embedder.model_id)}.npy"
    if path.exists():
        return np.load(path)
    parts = []
    for start in range(0, len(texts), 128):
        parts.append(embedder.embed(list(texts[start:start + 128])).astype(np.float32))
        if progress:
            progress(f"embedding {name}", min(start + 128, len(texts)), len(texts))
    emb = np.concatenate(parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, emb)
    return emb


def baseline_training_sets(rows_per_set: int = BASELINE_ROWS_PER_SET) -> list[LabelledSet]:
    """The shipped model's training sets, each a fixed sample of at most ``rows_per_set`` rows."""
    out = []
    for name in TRAIN_SETS:
        s = load_shared(name)
        if len(s) > rows_per_set:
            idx = np.sort(np.random.default_rng(7).permutation(len(s))[:rows_per_set])
            s = s.subset(idx)
        out.append(s)
    return out


def fit_baseline(embedder: Any, progress: Progress | None = None,
                 rows_per_set: int = BASELINE_ROWS_PER_SET) -> Callable[[np.ndarray], np.ndarray]:
    """Logistic regression on frozen e5 embeddings of the shipped model's training sets (class-balanced).

    Returns:
        A function from (n, 384) embeddings to (n, 3) probabilities in :data:`LABELS` order.
    """
    from sklearn.linear_model import LogisticRegression

    sets = baseline_training_sets(rows_per_set)
    x = np.concatenate([_embed_cached(f"train-{s.name}", s.texts, embedder, progress) for s in sets])
    y = np.concatenate([s.y() for s in sets])
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)

    def proba(emb: np.ndarray) -> np.ndarray:
        out = np.zeros((len(emb), len(LABELS)))
        out[:, clf.classes_] = clf.predict_proba(emb)
        return out

    return proba


@dataclass
class Scorecard:
    """Per model and set: the evaluation report and the probabilities it came from."""

    sets: list[LabelledSet]
    reports: dict[str, dict[str, EvalReport]] = field(default_factory=dict)
    """``reports[model][set]``."""
    proba: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    """``proba[model][set]``: (n, 3) probabilities (for adaptation studies)."""

    def f1(self, model: str, set_name: str) -> float:
        """Gold-class macro-F1 of ``model`` on ``set_name``."""
        return gold_macro_f1(self.reports[model][set_name])

    def mean(self, model: str) -> float:
        """Mean gold-class macro-F1 of ``model`` over the sets."""
        return float(np.mean([self.f1(model, s.name) for s in self.sets]))

    def worst(self, model: str) -> tuple[str, float]:
        """The set where ``model`` does worst, and its figure."""
        name = min((s.name for s in self.sets), key=lambda n: self.f1(model, n))
        return name, self.f1(model, name)

    def add(self, model: str, proba_by_set: dict[str, np.ndarray], model_id: str = "") -> None:
        """Score ``model``'s probabilities on every set."""
        self.proba[model] = proba_by_set
        self.reports[model] = {}
        for s in self.sets:
            pred = [LABELS[i] for i in np.asarray(proba_by_set[s.name]).argmax(axis=1)]
            self.reports[model][s.name] = evaluate_predictions(s.labels, pred, s.langs, model_id, s.name)


def run_scorecard(adapter: Any, head: Any, n: int | None = DEFAULT_SAMPLE,
                  sets: Sequence[str] | None = None, candidates: dict[str, Any] | None = None,
                  progress: Progress | None = None, baseline_rows: int = BASELINE_ROWS_PER_SET) -> Scorecard:
    """Score the adapter, the frozen head, the e5 + logistic-regression baseline (and candidates) in one run.

    Args:
        adapter: the shipped (or configured) adapter model; its pass gives the embeddings.
        head: the frozen MLP head (``predict_from_embeddings``).
        n: rows per set (fixed seeded sample); all rows when None.
        sets: set names (default: every set in :data:`~suara.nlp.sentiment.ood.OOD_LICENCES`).
        candidates: extra models by name (adapters with ``embed_and_predict`` or heads).
        progress: optional ``(step, done, total)`` reporter.
        baseline_rows: training rows per shared set for the logistic-regression baseline.
    """
    data = [load_ood(name, n) for name in (sets or OOD_LICENCES)]
    card = Scorecard(data)
    encoded = {s.name: encode_with_adapter(s.name, s.texts, adapter, progress=progress) for s in data}
    card.add("adapter", {k: p for k, (_, p) in encoded.items()}, adapter.model_id)
    card.add("head", {k: head.predict_from_embeddings(e).proba for k, (e, _) in encoded.items()}, head.model_id)
    baseline = fit_baseline(adapter.embedder, progress, baseline_rows)
    card.add("e5+logreg", {k: baseline(e) for k, (e, _) in encoded.items()}, BASELINE_ID)
    for name, model in (candidates or {}).items():
        if getattr(model, "encodes_embeddings", False):
            probas = {s.name: encode_with_adapter(s.name, s.texts, model, progress=progress)[1] for s in data}
        else:
            probas = {k: model.predict_from_embeddings(e).proba for k, (e, _) in encoded.items()}
        card.add(name, probas, model.model_id)
    return card
