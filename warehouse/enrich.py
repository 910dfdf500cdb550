"""Enrichment: language, normalised text, cached embeddings and sentiment for new or changed feedback.

Rows stream from ``core.feedback`` in pages of ``enrich.batch_rows`` (keyset
paging on ``feedback_id``, so memory stays flat however large the table), and
each page is written in one transaction: a killed run keeps every finished
page and the next run picks up the rest. A text is embedded once, ever, per
embedding model (``core.embeddings`` keyed by text hash and model id). The default
sentiment adapter branches off the same forward pass (``embed_and_predict``), so each
new text costs one encoder pass; a text some row already had scored by the same
sentiment model reuses that score (``enrich/lookup_sentiment.sql``).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from suara.nlp.embeddings import text_hash
from suara.nlp.language import detect_languages
from suara.nlp.normalize import normalize
from suara.nlp.progress import Progress
from suara.nlp.sentiment import embed_and_score, score_sentiment
from suara.nlp.sentiment.base import SentimentResult
from suara.nlp.sentiment.labels import LABEL_INDEX, LABELS
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.db import read_sql, registered, transaction
from suara.warehouse.embedding_cache import lookup_embeddings, store_embeddings
from suara.warehouse.models import load_models

STEP = "enrich"


@dataclass
class _Batch:
    """One page of feedback rows on its way through the step."""

    ids: list[str]
    content_hashes: list[str]
    texts: list[str]
    languages: list[Any] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    distinct: dict[str, str] = field(default_factory=dict)
    """text_hash -> embedded string, in first-seen order."""


@dataclass
class _Stats:
    rows: int = 0
    embedded: int = 0
    cache_hits: int = 0
    sentiment_reused: int = 0
    batches: int = 0
    mixed: int = 0
    languages: Counter = field(default_factory=Counter)
    sentiment: Counter = field(default_factory=Counter)
    timings: Counter = field(default_factory=Counter)

    def timed(self, name: str, start: float) -> None:
        self.timings[name] += time.perf_counter() - start


def _define_pending(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(read_sql("enrich/pending.sql"))  # the temp table macro enrich_pending(rescore)


def count_pending(con: duckdb.DuckDBPyConnection, *, rescore: bool = False) -> int:
    """Number of feedback rows the next enrichment would process."""
    _define_pending(con)
    return con.execute(read_sql("enrich/count_pending.sql"), {"rescore": rescore}).fetchall()[0][0]


def _pages(con: duckdb.DuckDBPyConnection, limit: int, rescore: bool, stats: _Stats):
    """Yield pages of pending rows; keyset paging guarantees progress even under rescore."""
    _define_pending(con)
    sql, after = read_sql("enrich/page.sql"), ""
    while True:
        start = time.perf_counter()
        page = con.execute(sql, {"rescore": rescore, "after": after, "limit": limit}).fetchall()
        stats.timed("read", start)
        if not page:
            return
        ids, content_hashes, texts = (list(col) for col in zip(*page, strict=True))
        after = ids[-1]
        yield _Batch(ids, content_hashes, texts)


def _prepare(batch: _Batch, cfg: SuaraConfig, stats: _Stats) -> None:
    """Language, normalised text and cache key of every row of the batch."""
    start = time.perf_counter()
    batch.languages = detect_languages(batch.texts, cfg.enrich.languages)
    stats.timed("language", start)
    start = time.perf_counter()
    slang_file = cfg.resolve(cfg.enrich.slang_file) if cfg.enrich.slang_file else None
    batch.norms = [
        normalize(t, language=lang.code, slang_file=slang_file)
        for t, lang in zip(batch.texts, batch.languages, strict=True)
    ]
    embedded = batch.norms if cfg.enrich.embed_normalized else batch.texts
    batch.hashes = [text_hash(t) for t in embedded]
    batch.distinct = dict(zip(batch.hashes, embedded, strict=True))
    stats.timed("normalize", start)


def _cached(con, batch: _Batch, embedder, stats: _Stats) -> tuple[dict[str, np.ndarray], list[str]]:
    """Cached vectors of the batch's distinct texts and the hashes still to embed."""
    start = time.perf_counter()
    hashes = list(batch.distinct)
    cached = lookup_embeddings(con, hashes, embedder.model_id, embedder.dim)
    stats.timed("cache", start)
    missing = [h for h in hashes if h not in cached]
    stats.cache_hits += len(hashes) - len(missing)
    return cached, missing


def _vectors(
    batch: _Batch, cached: dict[str, np.ndarray], missing: list[str], fresh: np.ndarray
) -> np.ndarray:
    """Vectors of the batch's distinct texts, in ``batch.distinct`` order, from the cache and the fresh ones."""
    cached.update(zip(missing, fresh, strict=True))
    return np.stack([cached[h] for h in batch.distinct]).astype(np.float32, copy=False)


def _lookup_sentiment(con, hashes: list[str], model_id: str) -> dict[str, np.ndarray]:
    """Probabilities (in :data:`LABELS` order) that ``model_id`` already gave these text hashes."""
    with registered(con, "sentiment_hashes", pa.table({"text_hash": pa.array(hashes, pa.string())})):
        rows = con.execute(read_sql("enrich/lookup_sentiment.sql"), [model_id]).fetchall()
    columns = {"negative": 1, "neutral": 2, "positive": 3}
    return {r[0]: np.array([r[columns[label]] for label in LABELS], dtype=np.float32) for r in rows}


def _sentiment(con, batch: _Batch, vectors: np.ndarray, encoded: Encoded, sentiment, stats: _Stats):
    """Sentiment of the batch's distinct texts, each computed at most once per model.

    Fresh texts come scored from the shared encoder pass (``encoded.proba``) when the model has one, texts
    scored before by the same model are looked up, the rest are scored (from their vectors when the model
    reads embeddings).
    """
    start = time.perf_counter()
    proba: dict[str, np.ndarray] = {}
    if encoded.proba is not None:
        proba.update(zip(encoded.hashes, np.asarray(encoded.proba, np.float32), strict=True))
    rest = [h for h in batch.distinct if h not in proba]
    if rest:
        found = _lookup_sentiment(con, rest, sentiment.model_id)
        stats.sentiment_reused += len(found)
        proba.update(found)
        rest = [h for h in rest if h not in found]
    if rest:
        index = {h: i for i, h in enumerate(batch.distinct)}
        rows = vectors[[index[h] for h in rest]]
        scored = score_sentiment(sentiment, [batch.distinct[h] for h in rest], rows)
        proba.update(zip(rest, np.asarray(scored.proba, np.float32), strict=True))
    matrix = np.stack([proba[h] for h in batch.distinct]) if batch.distinct else np.zeros((0, len(LABELS)))
    stats.timed("sentiment", start)
    return SentimentResult.from_proba(matrix, sentiment.model_id)


def _rows_table(batch: _Batch, result, embedding_model: str) -> pa.Table:
    """The enrichment rows of a batch as an Arrow table (one bulk insert, never row by row)."""
    index = {h: i for i, h in enumerate(batch.distinct)}
    rows = np.array([index[h] for h in batch.hashes], dtype=np.int64)
    proba = np.asarray(result.proba, dtype=np.float32)[rows]
    labels = np.asarray(result.labels, dtype=object)[rows]
    return pa.table({
        "feedback_id": batch.ids,
        "content_hash": batch.content_hashes,
        "language": [r.code for r in batch.languages],
        "language_mixed": [r.mixed for r in batch.languages],
        "language_confidence": pa.array([r.confidence for r in batch.languages], pa.float32()),
        "text_norm": batch.norms,
        "text_hash": batch.hashes,
        "embedding_model": [embedding_model] * len(rows),
        "sentiment_label": labels.tolist(),
        "sentiment_score": np.asarray(result.scores, dtype=np.float32)[rows],
        "p_negative": proba[:, LABEL_INDEX["negative"]],
        "p_neutral": proba[:, LABEL_INDEX["neutral"]],
        "p_positive": proba[:, LABEL_INDEX["positive"]],
        "sentiment_model": [result.model_id] * len(rows),
    })


def _write(con, batch: _Batch, fresh: np.ndarray, missing: list[str], result, model_id: str) -> None:
    """New vectors and the batch's enrichment rows, in one transaction."""
    with transaction(con), registered(con, "enrich_batch", _rows_table(batch, result, model_id)):
        store_embeddings(con, missing, fresh, model_id)
        con.execute(read_sql("enrich/write_enrichment.sql"))


@dataclass
class Encoded:
    """What one encoder pass gave for a batch's uncached texts.

    Attributes:
        hashes: text hashes of the encoded texts, in order.
        vectors: their embeddings (n, dim).
        proba: their sentiment probabilities (n, 3) when the sentiment model shares the pass, else None.
    """

    hashes: list[str]
    vectors: np.ndarray
    proba: np.ndarray | None = None

    def result(self) -> Encoded:
        """Itself: a finished "future" when the texts were encoded in this process."""
        return self


def encode_texts(embedder, sentiment, hashes: list[str], texts: list[str]) -> Encoded:
    """Embed ``texts`` and, when the sentiment model branches off the same pass, score them too."""
    vectors, result = embed_and_score(embedder, sentiment, texts)
    return Encoded(hashes, vectors, None if result is None else np.asarray(result.proba, np.float32))


def _start(con, batch: _Batch, cfg: SuaraConfig, models: tuple, submit_encode, stats: _Stats) -> tuple:
    """Prepare a batch, look up its cache and start encoding the texts the cache lacks."""
    embedder, sentiment = models
    _prepare(batch, cfg, stats)
    cached, missing = _cached(con, batch, embedder, stats)
    texts = [batch.distinct[h] for h in missing]
    start = time.perf_counter()
    future = None
    if missing:
        future = submit_encode(missing, texts) if submit_encode else encode_texts(embedder, sentiment, missing, texts)
    stats.timed("embed", start)  # the whole encoder pass locally; only the hand-off with a task runner
    return batch, cached, missing, future


def _finish(con, started: tuple, embedder, sentiment, stats: _Stats) -> None:
    """Wait for a batch's encoder pass, score its sentiment, commit it and update the run's counters."""
    batch, cached, missing, future = started
    encoded = Encoded([], np.zeros((0, embedder.dim), np.float32))
    if future is not None:
        start = time.perf_counter()
        encoded = future.result()
        stats.timed("embed", start)
        stats.embedded += len(missing)
    fresh = np.asarray(encoded.vectors, dtype=np.float32)
    vectors = _vectors(batch, cached, missing, fresh)
    result = _sentiment(con, batch, vectors, encoded, sentiment, stats)
    if len(result.labels) != len(batch.distinct):
        raise ValueError(
            f"sentiment model {sentiment.model_id!r} returned {len(result.labels)} results "
            f"for {len(batch.distinct)} texts"
        )
    start = time.perf_counter()
    _write(con, batch, fresh, missing, result, embedder.model_id)
    stats.timed("write", start)
    stats.rows += len(batch.ids)
    stats.batches += 1
    stats.languages.update(r.code for r in batch.languages)
    stats.mixed += sum(r.mixed for r in batch.languages)
    index = {h: i for i, h in enumerate(batch.distinct)}
    stats.sentiment.update(result.labels[index[h]] for h in batch.hashes)


def enrich_feedback(
    con: duckdb.DuckDBPyConnection,
    cfg: SuaraConfig,
    *,
    rescore: bool = False,
    embedder: Any = None,
    sentiment: Any = None,
    progress: Progress | None = None,
    submit_encode: Callable[[list[str], list[str]], Any] | None = None,
    in_flight: int = 1,
) -> dict:
    """Enrich new and changed feedback rows (or, with ``rescore``, every row).

    Args:
        con: read-write warehouse connection (not inside a transaction: each batch commits).
        cfg: the configuration (``enrich``, ``embeddings``, ``sentiment`` sections).
        rescore: recompute language, normalisation and sentiment of every row with the current
            models; cached embeddings are reused, so only texts new to the encoder are embedded.
        embedder: an ``EmbeddingBackend``; loaded from ``cfg.embeddings`` when ``None`` and there is work.
        sentiment: a ``SentimentModel``; loaded from ``cfg.sentiment`` when ``None`` and there is work.
        progress: ``progress(step, done, total)`` reporter.
        submit_encode: ``submit_encode(hashes, texts)`` returns a future whose ``result()`` is the
            texts' :class:`Encoded` (see :func:`encode_texts`), e.g. a Prefect task submitted to a Dask
            cluster; ``None`` encodes in this process.
        in_flight: batches encoding at once (with ``submit_encode``); reads and writes stay here, in
            batch order, so every commit is still one whole batch.

    Returns:
        Counts: ``rows_enriched``, ``texts_embedded`` (new distinct texts encoded), ``cache_hits``
        (distinct texts found in the cache), ``sentiment_reused`` (distinct texts whose score by the same
        sentiment model was reused), ``batches``, ``languages``, ``mixed``, ``sentiment``,
        the model ids, ``timings`` per stage and ``seconds``.
    """
    started = time.perf_counter()
    total = count_pending(con, rescore=rescore)
    stats = _Stats()
    if progress:
        progress(STEP, 0, total)
    if total == 0:  # nothing to do: no model is loaded (they take seconds)
        return _summary(stats, embedder, sentiment, rescore, time.perf_counter() - started)
    embedder, sentiment = load_models(cfg, embedder, sentiment)
    started_batches: deque[tuple] = deque()
    for batch in _pages(con, cfg.enrich.batch_rows, rescore, stats):
        started_batches.append(_start(con, batch, cfg, (embedder, sentiment), submit_encode, stats))
        while len(started_batches) >= max(1, in_flight):
            _finish(con, started_batches.popleft(), embedder, sentiment, stats)
            if progress:
                progress(STEP, stats.rows, total)
    while started_batches:
        _finish(con, started_batches.popleft(), embedder, sentiment, stats)
        if progress:
            progress(STEP, stats.rows, total)
    return _summary(stats, embedder, sentiment, rescore, time.perf_counter() - started)


def nothing_to_do(seconds: float = 0.0) -> dict:
    """The counts of an enrichment that found no pending row (no model was loaded)."""
    return _summary(_Stats(), None, None, False, seconds)


def _summary(stats: _Stats, embedder, sentiment, rescore: bool, seconds: float) -> dict:
    models = {"embeddings": getattr(embedder, "model_id", None), "sentiment": getattr(sentiment, "model_id", None)}
    return {
        "rows_enriched": stats.rows,
        "texts_embedded": stats.embedded,
        "cache_hits": stats.cache_hits,
        "sentiment_reused": stats.sentiment_reused,
        "batches": stats.batches,
        "rescore": rescore,
        "languages": dict(stats.languages.most_common()),
        "mixed": stats.mixed,
        "sentiment": dict(stats.sentiment.most_common()),
        "embedding_model": models["embeddings"],
        "sentiment_model": models["sentiment"],
        "model_versions": {k: v for k, v in models.items() if v is not None},
        "timings": {k: round(v, 3) for k, v in stats.timings.items()},
        "seconds": round(seconds, 3),
    }
