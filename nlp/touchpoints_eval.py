"""Score touchpoint linking against a labelled file: ``suara eval --task touchpoints``.

Readable formats (detected, or forced with ``fmt``):

* ``long``: CSV/TSV/JSONL with a text column and a label column holding touchpoint ids separated
  by ``|`` or ``;``, each optionally with a polarity (``delivery_shipping:negative``).
* ``wide``: CSV/TSV with a text column and one column per aspect holding a polarity
  (IndoNLU CASA/HoASA: ``positive``/``pos``, ``negative``/``neg``, ``neg_pos``; ``neutral``/``neut``
  counts as *not mentioned*, as in those sets, where neutral and absent are not distinguished).
* ``mams``: SemEval-style XML (``<sentence><text/><aspectCategories><aspectCategory category=
  polarity=/>``), e.g. MAMS-ACSA.

The gold labels must be touchpoint ids of the taxonomy used, so a taxonomy naming a data set's
aspects (``tests/nlp/cases/taxonomy_hoasa.yaml``) scores that set without code changes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from suara.nlp.taxonomy import UNLINKED, Taxonomy, load_taxonomy

POLARITY = {
    "positive": "positive", "pos": "positive", "negative": "negative", "neg": "negative",
    "neutral": "neutral", "neut": "neutral", "neg_pos": "mixed", "conflict": "mixed", "mixed": "mixed",
}
_ABSENT = {"neut", "neutral", "none", "", "-", "0", "nan"}
_TEXT_COLUMNS = ("text", "sentence", "review", "content", "comment")


class EvalFileError(ValueError):
    """The labelled file cannot be read; the message names the file, row and field."""


@dataclass(frozen=True)
class Example:
    """One labelled item: its text and gold touchpoints (each with a polarity, or ``None``)."""

    text: str
    labels: dict[str, str | None]


def read_labelled(path: Path | str, *, text_col: str = "text", label_col: str = "label",
                  fmt: str | None = None) -> list[Example]:
    """Read a labelled file in the ``long``, ``wide`` or ``mams`` format (detected when ``fmt`` is None)."""
    path = Path(path)
    if not path.is_file():
        raise EvalFileError(f"{path}: file not found")
    if fmt == "mams" or (fmt is None and path.suffix.lower() == ".xml"):
        return _read_mams(path)
    frame = _read_table(path)
    if fmt == "long" or (fmt is None and label_col in frame.columns):
        return _read_long(path, frame, text_col, label_col)
    return _read_wide(path, frame, text_col)


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".json"}:
        return pd.read_json(path, lines=suffix == ".jsonl", dtype=False)
    sep = "\t" if suffix == ".tsv" else None
    return pd.read_csv(path, sep=sep, engine="python", dtype=str, keep_default_na=False)


def _read_mams(path: Path) -> list[Example]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvalFileError(f"{path}: not valid XML: {exc}") from exc
    examples = []
    for i, sentence in enumerate(root.iter("sentence")):
        text = sentence.findtext("text")
        if not text:
            raise EvalFileError(f"{path}: sentence {i + 1}: missing <text>")
        labels = {
            a.get("category", "").strip().lower(): POLARITY.get((a.get("polarity") or "").lower())
            for a in sentence.iter("aspectCategory")
        }
        examples.append(Example(text, labels))
    return examples


def _read_long(path: Path, frame: pd.DataFrame, text_col: str, label_col: str) -> list[Example]:
    if text_col not in frame.columns:
        raise EvalFileError(f"{path}: no text column '{text_col}' (columns: {', '.join(frame.columns)})")
    examples = []
    for text, raw in zip(frame[text_col].astype(str), frame[label_col].astype(str), strict=True):
        labels: dict[str, str | None] = {}
        for part in re.split(r"[|;]", raw):
            name, _, polarity = part.strip().partition(":" if ":" in part else "=")
            if name.strip() and name.strip().lower() != UNLINKED:
                labels[name.strip().lower()] = POLARITY.get(polarity.strip().lower())
        examples.append(Example(text, labels))
    return examples


def _read_wide(path: Path, frame: pd.DataFrame, text_col: str) -> list[Example]:
    text = text_col if text_col in frame.columns else next(
        (c for c in frame.columns if c.lower() in _TEXT_COLUMNS), frame.columns[0]
    )
    aspects = [c for c in frame.columns if c != text]
    for col in aspects:
        bad = sorted(set(frame[col].str.lower()) - set(POLARITY) - _ABSENT)
        if bad:
            raise EvalFileError(f"{path}: column '{col}': value {bad[0]!r} is not a polarity "
                                f"(wide format; give --label-col for a label column)")
    examples = []
    for _, row in frame.iterrows():
        labels = {c.lower(): POLARITY[row[c].lower()] for c in aspects if row[c].lower() not in _ABSENT}
        examples.append(Example(str(row[text]), labels))
    return examples


def evaluate_touchpoints(cfg, file: Path | str, *, text_col: str = "text", label_col: str = "label",
                         as_json: bool = False, taxonomy: Path | str | Taxonomy | None = None,
                         fmt: str | None = None, limit: int | None = None, threshold: float | None = None,
                         embedder=None, sentiment=None, quiet: bool = False,
                         ignore_labels: Sequence[str] = ()) -> dict:
    """Link every item of a labelled file and score the links against the gold labels.

    Args:
        cfg: the :class:`~suara.flows.config.SuaraConfig` (embedder, sentiment, threshold, taxonomy).
        file: labelled file (see the module docstring for the formats).
        text_col: text column (long/wide formats).
        label_col: label column (long format).
        as_json: print JSON instead of a table.
        taxonomy: taxonomy file or object; default ``cfg.journey_path``.
        fmt: ``long`` | ``wide`` | ``mams``; detected when ``None``.
        limit: score only the first ``limit`` items.
        threshold: link threshold; default ``cfg.touchpoints.threshold``.
        embedder: encoder; loaded from ``cfg.embeddings`` when ``None``.
        sentiment: sentiment model; loaded from ``cfg.sentiment`` when ``None`` (skipped if unavailable).
        quiet: print nothing.
        ignore_labels: gold labels to drop before scoring (a data set's catch-all such as CASA ``others``);
            how many were dropped is reported in ``ignored_labels``.

    Returns:
        Metrics: ``micro``/``macro`` P/R/F1, ``per_touchpoint``, ``unlinked_rate``, ``exact_match``,
        ``primary_accuracy``, ``sentiment_accuracy`` (when the file has polarities; ``polar_sentiment_accuracy``
        over the gold positive/negative mentions alone) and ``ignored_labels`` (gold labels dropped, by name).
    """
    from suara.nlp.touchpoints import LinkInput, TouchpointLinker

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy or cfg.journey_path)
    examples = read_labelled(file, text_col=text_col, label_col=label_col, fmt=fmt)[:limit]
    examples, ignored = drop_labels(examples, ignore_labels)
    _check_labels(file, examples, tax)
    embedder = embedder or _load_embedder(cfg)
    sentiment = sentiment if sentiment is not None else _load_sentiment(cfg, embedder)
    linker = TouchpointLinker(tax, embedder, sentiment,
                              threshold if threshold is not None else cfg.touchpoints.threshold,
                              split_gate=cfg.touchpoints.split_gate, two_sided=cfg.touchpoints.two_sided)
    predicted = []
    size = cfg.touchpoints.batch_rows  # the nightly batch: the linker's decisions are relative to its batch
    for start in range(0, len(examples), size):
        batch = examples[start : start + size]
        predicted.extend(linker.link([LinkInput(text=e.text) for e in batch]))
    result = score(examples, predicted, tax, ignore=ignored)
    result.update(file=str(file), taxonomy=tax.path, threshold=linker.threshold, ignored_labels=ignored)
    if not quiet:
        _print(result, as_json)
    return result


def drop_labels(examples: list[Example], names: Sequence[str]) -> tuple[list[Example], dict[str, int]]:
    """Examples without the gold labels ``names`` (case-insensitive), and how many of each were dropped."""
    drop = {n.strip().lower() for n in names if n.strip()}
    counts = dict.fromkeys(sorted(drop), 0)
    kept = []
    for example in examples:
        for name in drop & set(example.labels):
            counts[name] += 1
        kept.append(Example(example.text, {k: v for k, v in example.labels.items() if k not in drop}))
    return kept, counts


def _check_labels(file, examples: list[Example], tax: Taxonomy) -> None:
    known = set(tax.ids)
    for i, example in enumerate(examples):
        unknown = sorted(set(example.labels) - known)
        if unknown:
            raise EvalFileError(f"{file}: row {i + 1}: label '{unknown[0]}' is not a touchpoint id of "
                                f"{tax.path} (ids: {', '.join(tax.ids)}); leave a catch-all label out of the "
                                f"score with --ignore-label {unknown[0]}")


def score(examples: list[Example], predicted: list[list], tax: Taxonomy, ignore: Sequence[str] = ()) -> dict:
    """Multi-label P/R/F1 (micro, macro, per touchpoint), unlinked rate and mention sentiment accuracy.

    ``ignore``: labels left out on both sides (a catch-all the taxonomy also has: its links are not errors).
    """
    ids = [t for t in tax.ids if t not in set(ignore)]
    counts = {t: np.zeros(3, dtype=int) for t in ids}  # tp, fp, fn
    exact = primary_hits = primary_n = 0
    sent_hits = sent_n = polar_hits = polar_n = 0
    unlinked = 0
    for example, mentions in zip(examples, predicted, strict=True):
        pred = {m.touchpoint: m for m in mentions if m.touchpoint in ids}
        gold = set(example.labels)
        unlinked += not pred
        exact += set(pred) == gold
        for t in ids:
            counts[t] += [t in pred and t in gold, t in pred and t not in gold, t in gold and t not in pred]
        primary = next((m.touchpoint for m in mentions if m.is_primary), UNLINKED)
        if primary in ignore:  # the next most confident link stands in for an ignored primary
            primary = max(pred.values(), key=lambda m: m.confidence).touchpoint if pred else UNLINKED
        if gold:
            primary_n += 1
            primary_hits += primary in gold
        for t in gold & set(pred):
            polarity = example.labels[t]
            if polarity in {"positive", "negative", "neutral"} and pred[t].sentiment_label is not None:
                sent_n += 1
                sent_hits += pred[t].sentiment_label == polarity
                if polarity != "neutral":
                    polar_n += 1
                    polar_hits += pred[t].sentiment_label == polarity
    per = {t: _prf(*counts[t]) | {"support": int(counts[t][0] + counts[t][2])} for t in ids}
    total = sum(counts.values())
    scored = [per[t] for t in ids if per[t]["support"] or counts[t][1]]
    n = len(examples)
    return {
        "task": "touchpoints", "items": n,
        "micro": _prf(*total),
        "macro": {k: float(np.mean([p[k] for p in scored])) if scored else 0.0 for k in ("precision", "recall", "f1")},
        "per_touchpoint": per,
        "unlinked_rate": unlinked / n if n else 0.0,
        "gold_unlinked_rate": sum(not e.labels for e in examples) / n if n else 0.0,
        "exact_match": exact / n if n else 0.0,
        "primary_accuracy": primary_hits / primary_n if primary_n else None,
        "sentiment_accuracy": sent_hits / sent_n if sent_n else None,
        "sentiment_mentions": sent_n,
        "polar_sentiment_accuracy": polar_hits / polar_n if polar_n else None,
        "polar_sentiment_mentions": polar_n,
    }


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _load_embedder(cfg):
    from suara.nlp.embeddings import load_embedder

    return load_embedder(cfg.embeddings)


def _load_sentiment(cfg, embedder):
    try:
        from suara.nlp.sentiment import load_sentiment

        return load_sentiment(cfg.sentiment, embedder)
    except (ImportError, FileNotFoundError):  # no model: sentiment accuracy is not reported
        return None


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Touchpoint linking: {result['file']} ({result['items']} items)")
    for col in ("touchpoint", "support", "precision", "recall", "f1"):
        table.add_column(col, justify="left" if col == "touchpoint" else "right")
    for name, row in [*result["per_touchpoint"].items(), ("micro", result["micro"]), ("macro", result["macro"])]:
        table.add_row(name, str(row.get("support", "")), *(f"{row[k]:.3f}" for k in ("precision", "recall", "f1")))
    console = Console()
    console.print(table)
    keys = ("unlinked_rate", "exact_match", "primary_accuracy", "sentiment_accuracy", "polar_sentiment_accuracy")
    extra = {k: result[k] for k in keys}
    console.print(", ".join(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}" for k, v in extra.items()))
    for name, count in result.get("ignored_labels", {}).items():
        console.print(f"ignored gold label '{name}': {count} occurrences left out of the score")
