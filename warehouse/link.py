"""Link enriched feedback to journey touchpoints in the warehouse (``core.feedback_touchpoints``).

Only items whose links are missing or stale are processed: new items, items whose content
changed (``content_hash``), and every item after the taxonomy file, the threshold or the
embedding settings changed (``taxonomy_hash``). Batches are committed one by one, so a crash
loses at most one batch and the next run resumes. Clause embeddings go through the shared
``core.embeddings`` cache, so re-linking after a taxonomy edit costs no encoder time.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd
from suara.nlp.progress import Progress
from suara.nlp.taxonomy import UNLINKED, Taxonomy, load_taxonomy
from suara.nlp.touchpoints import Calibration, LinkInput, Mention, TouchpointLinker
from suara.warehouse.db import read_sql, transaction
from suara.warehouse.embedding_cache import lookup_embeddings, registered, store_embeddings

LINKER_VERSION = "3"
"""Bump when the linking algorithm changes so that every item is re-linked."""
STEP = "touchpoints"
_COLUMNS = [
    "feedback_id", "touchpoint", "journey_stage", "confidence", "sentiment_label", "sentiment_score",
    "evidence", "method", "is_primary", "content_hash", "taxonomy_hash",
]


def link_key(taxonomy: Taxonomy, cfg, calibration: Calibration | None = None) -> str:
    """Hash of everything the links depend on: taxonomy file, threshold, split gate, calibration, embedder."""
    parts = {
        "taxonomy": taxonomy.hash, "threshold": cfg.touchpoints.threshold, "linker": LINKER_VERSION,
        "split_gate": cfg.touchpoints.split_gate, "two_sided": cfg.touchpoints.two_sided,
        "calibration": repr(calibration or Calibration()), "embeddings": cfg.embeddings.model_dump(mode="json"),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


class CachedEmbedder:
    """Wrap an embedder with the warehouse's ``core.embeddings`` cache (keyed by text hash + model id)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, embedder) -> None:
        from suara.nlp.embeddings import text_hash

        self.con, self.inner, self.model_id, self._hash = con, embedder, embedder.model_id, text_hash
        self.encoded = 0

    def embed(self, texts: Sequence[str], *, prefix: str = "query: ") -> np.ndarray:
        """Embeddings of ``texts``: cached rows where present, the rest encoded and stored."""
        if prefix != "query: ":  # the cache holds query-prefixed vectors only
            return self.inner.embed(texts, prefix=prefix)
        hashes = [self._hash(t) for t in texts]
        found = lookup_embeddings(self.con, hashes, self.model_id)
        missing = list(dict.fromkeys(t for t, h in zip(texts, hashes, strict=True) if h not in found))
        if missing:
            vectors = np.asarray(self.inner.embed(missing, prefix=prefix), dtype=np.float32)
            self.encoded += len(missing)
            new = [self._hash(t) for t in missing]
            store_embeddings(self.con, new, vectors, self.model_id)
            found.update(zip(new, vectors, strict=True))
        dim = len(next(iter(found.values()))) if found else 0
        return np.stack([found[h] for h in hashes]) if hashes else np.zeros((0, dim), dtype=np.float32)


def link_touchpoints(
    con: duckdb.DuckDBPyConnection,
    cfg,
    *,
    embedder=None,
    sentiment=None,
    progress: Progress | None = None,
) -> dict:
    """Link new, changed and stale feedback items to touchpoints; one committed batch at a time.

    Args:
        con: open warehouse connection (migrated).
        cfg: the :class:`~suara.flows.config.SuaraConfig` (``journey_path``, ``touchpoints``, ``embeddings``,
            ``sentiment``).
        embedder: encoder; loaded from ``cfg.embeddings`` when needed and not given.
        sentiment: clause sentiment model; loaded from ``cfg.sentiment`` when needed and not given.
        progress: ``progress(step, done, total)`` reporter.

    Returns:
        Counts: ``processed``, ``linked``, ``unlinked``, ``unlinked_share``, ``mentions``,
        ``per_touchpoint`` (mentions per touchpoint among the processed items), ``primary``
        (primary touchpoint counts), ``encoded_clauses`` (texts the encoder ran on: clauses and prototype
        phrases missing from ``core.embeddings``),
        ``clauses_scored`` (distinct clauses of the items linked clause by clause, cached or not),
        ``waiting_for_enrichment``, ``taxonomy_hash``.
    """
    taxonomy = load_taxonomy(cfg.journey_path)
    key = link_key(taxonomy, cfg)
    con.execute(read_sql("touchpoints/prune.sql"))
    pending = con.execute(read_sql("touchpoints/pending.sql"), {"taxonomy_hash": key}).fetchall()
    counts = _empty_counts(con, key)
    if not pending:
        return counts
    if embedder is None or sentiment is None:
        from suara.warehouse.models import load_models  # models load only when there is work

        embedder, sentiment = load_models(cfg, embedder, sentiment)
    cached = CachedEmbedder(con, embedder)
    linker = TouchpointLinker(taxonomy, cached, sentiment, cfg.touchpoints.threshold,
                              split_gate=cfg.touchpoints.split_gate, two_sided=cfg.touchpoints.two_sided)
    size = max(1, cfg.touchpoints.batch_rows)
    for start in range(0, len(pending), size):
        batch = pending[start : start + size]
        mentions = linker.link(_inputs(con, batch, cached.model_id))
        _write(con, batch, mentions, key)
        _tally(counts, mentions)
        if progress:
            progress(STEP, min(start + size, len(pending)), len(pending))
    counts["encoded_clauses"] = cached.encoded
    counts["clauses_scored"] = linker.encoded_clauses
    counts["unlinked_share"] = counts["unlinked"] / counts["processed"] if counts["processed"] else 0.0
    return counts


def _empty_counts(con: duckdb.DuckDBPyConnection, key: str) -> dict:
    waiting = con.execute(read_sql("touchpoints/waiting.sql")).fetchall()[0][0]
    return {
        "processed": 0, "linked": 0, "unlinked": 0, "unlinked_share": 0.0, "mentions": 0,
        "per_touchpoint": {}, "primary": {}, "encoded_clauses": 0, "clauses_scored": 0,
        "waiting_for_enrichment": int(waiting), "taxonomy_hash": key,
    }


def _inputs(con: duckdb.DuckDBPyConnection, batch: list[tuple], model_id: str) -> list[LinkInput]:
    vectors = lookup_embeddings(con, [row[6] for row in batch], model_id)
    return [
        LinkInput(
            text=text_norm, embedding=vectors.get(h),
            sentiment_label=label, sentiment_score=score, two_sided=two_sided, channel=channel, kind=kind,
            touchpoint_hint=hint,
        )
        for _, _, kind, channel, hint, text_norm, h, label, score, two_sided in batch
    ]


def _write(con: duckdb.DuckDBPyConnection, batch: list[tuple], mentions: list[list[Mention]], key: str) -> None:
    records = [
        (row[0], m.touchpoint, m.journey_stage, m.confidence, m.sentiment_label, m.sentiment_score,
         m.evidence, m.method, m.is_primary, row[1], key)
        for row, item in zip(batch, mentions, strict=True)
        for m in item
    ]
    frame = pd.DataFrame.from_records(records, columns=_COLUMNS).astype({"confidence": "float32"})
    with transaction(con), registered(con, "tp_batch", frame):
        con.execute(read_sql("touchpoints/write_batch.sql"))


def _tally(counts: dict, mentions: list[list[Mention]]) -> None:
    per = Counter(counts["per_touchpoint"])
    primary = Counter(counts["primary"])
    for item in mentions:
        counts["processed"] += 1
        linked = [m for m in item if m.touchpoint != UNLINKED]
        counts["linked" if linked else "unlinked"] += 1
        counts["mentions"] += len(linked)
        per.update(m.touchpoint for m in linked)
        primary.update(m.touchpoint for m in item if m.is_primary)
    counts["per_touchpoint"] = dict(per.most_common())
    counts["primary"] = dict(primary.most_common())
