"""Sentiment metrics: accuracy, macro-F1, per-class and per-language figures, confusion matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from suara.nlp.sentiment.labels import LABELS


@dataclass(frozen=True)
class ClassMetrics:
    """Precision, recall, F1 and gold support of one class."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class EvalReport:
    """Scores of one model on one labelled set.

    ``macro_f1`` averages F1 over the classes present in the gold labels or the predictions
    (scikit-learn's convention); ``confusion[i][j]`` counts gold ``LABELS[i]`` predicted ``LABELS[j]``.
    """

    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassMetrics]
    confusion: list[list[int]]
    per_language: dict[str, dict[str, float]] = field(default_factory=dict)
    labels: tuple[str, ...] = LABELS
    model_id: str = ""
    source: str = ""

    def to_dict(self) -> dict:
        """JSON-able dict."""
        out = asdict(self)
        out["labels"] = list(self.labels)
        return out


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def confusion_matrix(gold: Sequence[str], pred: Sequence[str]) -> np.ndarray:
    """3×3 counts, rows gold and columns predicted, in :data:`LABELS` order."""
    cm = np.zeros((len(LABELS), len(LABELS)), dtype=np.int64)
    for g, p in zip(gold, pred, strict=True):
        cm[LABELS.index(g), LABELS.index(p)] += 1
    return cm


def _scores(cm: np.ndarray) -> tuple[float, float, dict[str, ClassMetrics]]:
    n = int(cm.sum())
    per_class: dict[str, ClassMetrics] = {}
    f1s = []
    for i, label in enumerate(LABELS):
        tp, predicted, support = cm[i, i], cm[:, i].sum(), cm[i, :].sum()
        p = float(tp / predicted) if predicted else 0.0
        r = float(tp / support) if support else 0.0
        per_class[label] = ClassMetrics(p, r, _f1(p, r), int(support))
        if predicted or support:
            f1s.append(_f1(p, r))
    accuracy = float(np.trace(cm) / n) if n else 0.0
    return accuracy, float(np.mean(f1s)) if f1s else 0.0, per_class


def evaluate_predictions(
    gold: Sequence[str], pred: Sequence[str], langs: Sequence[str] | None = None,
    model_id: str = "", source: str = "",
) -> EvalReport:
    """Score predicted labels against gold labels (both in :data:`LABELS`).

    Args:
        gold: gold labels.
        pred: predicted labels, same length.
        langs: language per row; adds ``per_language`` {lang: {n, accuracy, macro_f1}}.
        model_id: recorded in the report.
        source: file or set name, recorded in the report.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    cm = confusion_matrix(gold, pred)
    accuracy, macro_f1, per_class = _scores(cm)
    per_language: dict[str, dict[str, float]] = {}
    if langs is not None:
        for lang in sorted(set(langs)):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            acc, mf1, _ = _scores(confusion_matrix([gold[i] for i in idx], [pred[i] for i in idx]))
            per_language[lang] = {"n": len(idx), "accuracy": acc, "macro_f1": mf1}
    return EvalReport(len(gold), accuracy, macro_f1, per_class, cm.tolist(), per_language,
                      model_id=model_id, source=source)


def detect_languages(texts: Sequence[str]) -> list[str]:
    """Language per text among id / en with lingua (Malay folded into Indonesian; ``und`` when unsure).

    Restricted to three languages on purpose: evaluation files are Indonesian/English, and the
    restriction makes detection fast and stable.
    """
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(
        Language.INDONESIAN, Language.MALAY, Language.ENGLISH
    ).build()
    codes = {Language.INDONESIAN: "id", Language.MALAY: "id", Language.ENGLISH: "en"}
    found = detector.detect_languages_in_parallel_of(list(texts))
    return [codes.get(lang, "und") if lang is not None else "und" for lang in found]


def evaluate_file(
    model,
    path,
    text_col: str | int = "text",
    label_col: str | int = "label",
    label_map: dict[str, str] | None = None,
    lang_col: str | int | None = None,
    batch: int = 256,
    progress=None,
) -> EvalReport:
    """Score ``model`` (a :class:`~suara.nlp.sentiment.base.SentimentModel`) on a labelled file.

    Args:
        model: the sentiment model.
        path: CSV/TSV file, or a shared set name: ``shared:<set>`` / ``tweeteval:holdout``.
        text_col: text column name or 0-based index.
        label_col: gold label column name or 0-based index.
        label_map: gold label → positive / neutral / negative.
        lang_col: column holding the language; detected with lingua when ``None``.
        batch: texts per predict call.
        progress: optional ``(step, done, total)`` reporter.
    """
    from suara.nlp.sentiment.data import load_shared, read_labelled, shared_name

    name = shared_name(path)
    data = load_shared(name) if name else read_labelled(path, text_col, label_col, label_map, lang_col)
    langs = data.langs if data.langs is not None else detect_languages(data.texts)
    pred: list[str] = []
    for start in range(0, len(data), batch):
        pred.extend(model.predict(data.texts[start:start + batch]).labels)
        if progress:
            progress("scoring sentiment", len(pred), len(data))
    return evaluate_predictions(data.labels, pred, langs, model_id=model.model_id, source=str(path))
