"""Per-source sentiment prior adaptation and analyst corrections, applied before the marts are built.

For every source, the model's stored probabilities (``core.enrichment``) go through
:func:`suara.nlp.sentiment.priors.choose_adaptation`: where the source carries ratings, CSAT or NPS, extreme
scores serve as weak labels to fit a prior correction on one half and keep it only if it raises agreement on
the other half; EM's estimate of the source's class mix is recorded, and applied to unscored sources only
with ``sentiment.unchecked_damping`` > 0. Analyst corrections
(:mod:`suara.warehouse.corrections`) override both. The result is ``core.feedback_sentiment`` (one row per
enriched item, ``origin`` = ``model`` | ``adapted`` | ``corrected``), which ``marts.feedback`` reads; the
per-source decisions go to ``ops.sentiment_adaptation`` and are returned for ``ops.runs``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
from suara.nlp.sentiment.base import SentimentResult
from suara.nlp.sentiment.labels import LABEL_INDEX
from suara.nlp.sentiment.priors import Adaptation, choose_adaptation
from suara.warehouse.corrections import load_corrections
from suara.warehouse.db import read_sql, registered

NEG, NEU, POS = (LABEL_INDEX[k] for k in ("negative", "neutral", "positive"))


def weak_labels(rating: np.ndarray, csat: np.ndarray, nps: np.ndarray) -> np.ndarray:
    """Weak label index per item from its most direct score, -1 where none is extreme enough.

    Rating and CSAT (1-5): 1-2 negative, 3 neutral, 5 positive (4 is left out: four-star texts are
    often complaints). NPS (0-10): 0-4 negative, 10 positive (a 5-9 score says little about the text).
    Missing scores are NaN.
    """
    out = np.where(nps <= 4, NEG, np.where(nps == 10, POS, -1))
    for scores in (csat, rating):  # later wins: the rating is the most direct judgement of a review
        five = np.where(scores <= 2, NEG, np.where(scores == 3, NEU, np.where(scores == 5, POS, -1)))
        out = np.where(five >= 0, five, out)
    return out.astype(np.int64)


def _column(rows: list[tuple], i: int) -> np.ndarray:
    return np.array([np.nan if r[i] is None else float(r[i]) for r in rows], dtype=np.float64)


def adapt_source(rows: list[tuple], enabled: bool, unchecked_damping: float) -> tuple[Adaptation, np.ndarray]:
    """The decision for one source's item rows (``sentiment/items.sql`` columns) and the adapted probabilities."""
    proba = np.array([r[7:10] for r in rows], dtype=np.float64)
    if not enabled:
        return Adaptation(False, "none", len(rows), [], reason="adapt_priors is off"), proba
    weak = weak_labels(_column(rows, 2), _column(rows, 3), _column(rows, 4))
    decision = choose_adaptation(proba, weak, unchecked_damping=unchecked_damping)
    return decision, decision.apply(proba)


def _record(con, source: str, d: Adaptation, changed: int) -> None:
    prior = list(d.prior) if d.prior else [float("nan")] * 3
    con.execute(
        "insert into ops.sentiment_adaptation values (current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [source, d.applied, d.method, d.n_items, d.n_weak, d.damping, *prior, d.agreement_off, d.agreement_on,
         changed, d.reason],
    )


def adapt_and_correct(con, cfg) -> dict:
    """Rebuild ``core.feedback_sentiment``: per-source prior adaptation, then analyst corrections.

    Args:
        con: DuckDB connection to a migrated warehouse (call inside the marts transaction).
        cfg: configuration: ``sentiment.adapt_priors`` / ``sentiment.unchecked_damping``, the top-level
            ``corrections`` path and ``journey_path`` (touchpoint ids of corrections).

    Returns:
        ``{"adaptation": {source: decision dict}, "corrections": {"loaded", "matched", "file"}}``.
    """
    corrections = load_corrections(con, _corrections_path(cfg), _touchpoint_stages(cfg))
    items = con.execute(read_sql("sentiment/items.sql")).fetchall()
    by_source: dict[str, list[tuple]] = {}
    for row in items:
        by_source.setdefault(row[1], []).append(row)
    ids, labels, scores, model_labels, origins = [], [], [], [], []
    decisions = {}
    for source, rows in by_source.items():
        decision, proba = adapt_source(rows, cfg.sentiment.adapt_priors, cfg.sentiment.unchecked_damping)
        result = SentimentResult.from_proba(proba, "")
        changed = sum(a != r[5] for a, r in zip(result.labels, rows, strict=True))
        _record(con, source, decision, changed)
        decisions[source] = {**decision.to_dict(), "changed": changed}
        ids += [r[0] for r in rows]
        model_labels += [r[5] for r in rows]
        labels += result.labels if decision.applied else model_labels[-len(rows):]
        scores += result.scores.tolist() if decision.applied else [float(r[6]) for r in rows]
        origins += ["adapted" if decision.applied else "model"] * len(rows)
    _write(con, ids, labels, scores, model_labels, origins)
    return {"adaptation": decisions, "corrections": corrections}


def _write(con, ids, labels, scores, model_labels, origins) -> None:
    table = pa.table({
        "feedback_id": pa.array(ids, pa.string()), "sentiment_label": pa.array(labels, pa.string()),
        "sentiment_score": pa.array(scores, pa.float32()), "model_label": pa.array(model_labels, pa.string()),
        "origin": pa.array(origins, pa.string()),
    })
    con.execute("delete from core.feedback_sentiment")
    with registered(con, "adapted_sentiment", table):
        con.execute(read_sql("sentiment/write_final.sql"))


def _corrections_path(cfg) -> Path | None:
    return cfg.resolve(cfg.corrections) if cfg.corrections else None


def _touchpoint_stages(cfg) -> dict[str, str] | None:
    journey = cfg.journey_path
    if journey is None or not cfg.corrections:
        return None
    from suara.nlp.taxonomy import load_taxonomy

    return {tp.id: tp.stage for tp in load_taxonomy(journey).touchpoints}
