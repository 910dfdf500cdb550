"""The theme registry: stable theme ids across nights.

A **refit** (first run, on demand, or every ``themes.refit_every_days``) fits
BERTopic over the rolling window, matches the new topics to the registry's
active themes by centroid similarity (:mod:`suara.nlp.topics.registry`) and records
lineage. Between refits, **incremental** runs only assign new or changed items
to the nearest active theme centroid; nothing is refitted and no id changes.

Everything happens in the theme space (:mod:`suara.nlp.topics.space`): embeddings
minus their language's mean, so Indonesian and English comments about the same
problem form one theme, with the sentiment direction and the frequent @handle/#tag/link
directions projected out (:mod:`suara.nlp.topics.nuisance`), so themes follow what the
feedback is about rather than its tone or the account it addresses. A refit stores the
language means (``core.theme_space``), the directions (``core.theme_directions``) and
its similarity bar (``core.theme_state.assign_threshold``); incremental runs transform
new items the same way and use the same bar.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from suara.nlp.progress import Progress
from suara.nlp.topics import (
    OUTLIER,
    LanguageSpace,
    NuisanceSpace,
    TopicParams,
    TopicResult,
    fit_topics,
    make_label,
    match_topics,
    model_scorer,
    nearest_centroid,
    normalize_rows,
    representative_quotes,
)
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.db import read_sql, transaction
from suara.warehouse.theme_registry import (
    IdMinter,
    active_themes,
    previous_assignments,
    record_events,
    registry_state,
    save_space,
    save_state,
    theme_space,
    upsert_theme,
    write_assignments,
)

LABEL_DOCS = 2000
"""Most member texts read per theme to pick its label (enough for phrase counts)."""


@dataclass
class Items:
    """Feedback items with their embeddings, aligned by position."""

    feedback_ids: list[str]
    created_at: list[datetime]
    content_hashes: list[str]
    texts: list[str]
    docs: list[str]
    languages: list[str]
    embeddings: np.ndarray
    sentiment: list[str]
    touchpoints: list[str | None]
    """Each item's complaint touchpoint (``themes/items.sql``; ``None``: unlinked)."""

    def __len__(self) -> int:
        return len(self.feedback_ids)


def load_items(con, where: str = "true", params: list | None = None) -> Items:
    """Items from ``warehouse/sql/themes/items.sql`` filtered by a constant ``where`` clause.

    Args:
        con: DuckDB connection.
        where: SQL condition over the item columns, written in code (values go in ``params``).
        params: values for the ``?`` in ``where``.
    """
    query = f"select * from ({read_sql('themes/items.sql')}) as items where {where} order by feedback_id"
    table = con.sql(query, params=params or []).to_arrow_table()
    vectors = table.column("vector").combine_chunks()
    n = len(vectors)
    flat = np.asarray(vectors.flatten(), dtype=np.float32)
    emb = normalize_rows(flat.reshape(n, -1)) if n else np.zeros((0, 0), np.float32)
    col = table.drop_columns(["vector"]).to_pydict()  # vectors stay in numpy, never Python lists
    return Items(col["feedback_id"], col["created_at"], col["content_hash"], col["text"], col["doc"],
                 col["language"], emb, col["sentiment_label"], col["complaint_touchpoint"])


def _params(cfg: SuaraConfig) -> TopicParams:
    t = cfg.themes
    return TopicParams(
        seed=t.seed, min_topic_size=t.min_topic_size, min_topic_share=t.min_topic_share, sample_size=t.sample_size,
        merge_sd=t.merge_sd, outlier_quantile=t.outlier_quantile, words=t.words, brand_words=tuple(t.brand_words),
        touchpoint_weight=t.touchpoint_weight,
    )


def _word_encoder(con, cfg: SuaraConfig):
    """The words channel's encoder: the configured embedder behind the ``core.embeddings`` cache, loaded lazily."""
    from suara.warehouse.link import CachedEmbedder
    from suara.warehouse.models import embedder_for

    return lambda words: CachedEmbedder(con, embedder_for(cfg)).embed(words)


def needs_refit(con, cfg: SuaraConfig, now: datetime) -> bool:
    """Refit when there is no registry yet or ``refit_every_days`` have passed since the last refit."""
    state = registry_state(con)
    if state is None or state[0] is None or not active_themes(con)[0]:
        return True
    return now - state[0] >= timedelta(days=cfg.themes.refit_every_days)


def _sample(members: np.ndarray) -> np.ndarray:
    """At most about :data:`LABEL_DOCS` of a theme's member rows, evenly spread."""
    return members[:: max(1, len(members) // LABEL_DOCS)]


def _label(items: Items, members: np.ndarray, keywords: list[str], by_language: dict[str, list[str]] | None,
           voice: set[str] | None) -> str:
    """A theme's label from its key phrases and (a sample of) the member rows they describe."""
    sample = _sample(members)
    return make_label(keywords, [items.docs[i] for i in sample], [items.languages[i] for i in sample], by_language,
                      voice or set())


def _describe(items: Items, members: np.ndarray, keywords: list[str], centroid: np.ndarray,
              by_language: dict[str, list[str]] | None = None, voice: set[str] | None = None) -> tuple[str, list]:
    """Label and representative quotes of one theme from its member rows."""
    sample = _sample(members)
    label = _label(items, members, keywords, by_language, voice)
    quotes = representative_quotes(
        [items.texts[i] for i in sample], items.embeddings[sample], centroid, [items.languages[i] for i in sample]
    )
    return label, quotes


def _complaint_label(items: Items, complaints: np.ndarray, result: TopicResult, t: int) -> str | None:
    """Label of a theme's complaints (its pain points) from their own key phrases; ``None`` when they have none."""
    found = result.complaints
    keywords = [w for w, _ in found.keywords[t]] if found is not None and t < len(found.keywords) else []
    if not keywords or not len(complaints):
        return None
    by_language = {lang: [w for w, _ in kws[t]] for lang, kws in found.by_language.items()}
    return _label(items, complaints, keywords, by_language, found.voice[t])


def keep_previous(items: Items, result: TopicResult, previous: dict[str, str], ids: list[str],
                  margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Hysteresis at a refit: an item stays in its previous theme unless another is clearly closer.

    An item whose previous theme survived the refit (its id is among ``ids``) keeps it when its similarity
    to that theme's new centroid clears the refit's bar and is within ``margin`` of its similarity to the
    topic the refit gave it. Boundary items then do not flip between nights.

    Returns:
        ``(topics, similarity)`` aligned with ``items``.
    """
    topics, sims = result.topics.copy(), result.similarity.copy()
    topic_of = {theme_id: t for t, theme_id in enumerate(ids)}
    prev = np.array([topic_of.get(previous.get(f, ""), OUTLIER) for f in items.feedback_ids], dtype=np.int64)
    rows = np.flatnonzero((prev >= 0) & (prev != topics))
    if len(rows) == 0:
        return topics, sims
    prev_sim = (items.embeddings[rows] * result.centroids[prev[rows]]).sum(axis=1)
    current = np.where(topics[rows] >= 0, sims[rows], -1.0)
    keep = (prev_sim >= result.threshold) & (prev_sim >= current - margin)
    topics[rows[keep]], sims[rows[keep]] = prev[rows[keep]], prev_sim[keep]
    return topics, sims


def apply_refit(con, cfg: SuaraConfig, items: Items, result: TopicResult, run_id: str, now: datetime,
                space: LanguageSpace | None = None, directions: NuisanceSpace | None = None) -> dict:
    """Write a refit into the registry: match topics to themes, labels, lineage and assignments.

    Args:
        con: DuckDB connection (the caller owns the transaction).
        cfg: configuration (``themes.match_threshold``).
        items: the window's items, aligned with ``result`` (embeddings in the theme space).
        result: the fitted topics.
        run_id: id recorded on every row written.
        now: timestamp recorded on every row written.
        space: the language means the items were transformed with (stored for incremental runs).
        directions: the nuisance directions projected out after the language means (stored likewise).

    Returns:
        Counts of lineage events (``new``, ``matched``, ``merged``, ``split``, ``retired``).
    """
    old_ids, old_cents = active_themes(con)
    minter = IdMinter(con)
    sizes = [int((result.topics == t).sum()) for t in range(result.n_topics)]
    centre = items.embeddings.mean(axis=0) if len(items) else None
    match = match_topics(old_ids, old_cents, result.centroids, sizes, cfg.themes.match_threshold, minter, centre)
    topics, sims = keep_previous(items, result, previous_assignments(con), match.ids, cfg.themes.refit_keep_margin)
    negative = np.asarray(items.sentiment) == "negative"
    for t, theme_id in enumerate(match.ids):
        keywords = [w for w, _ in result.keywords[t]] if t < len(result.keywords) else []
        by_language = {lang: [w for w, _ in kws[t]] for lang, kws in result.keywords_by_language.items()}
        members = np.flatnonzero(topics == t)
        complained = bool(negative[members].mean() > 0.5) if len(members) else False
        if complained:
            # A pain point is described by its complaints, never by the praise it also holds.
            members = members[negative[members]]
        voice = result.voice[t] if t < len(result.voice) else set()
        label, quotes = _describe(items, members, keywords, result.centroids[t], by_language, voice)
        complaint = label if complained else _complaint_label(items, members[negative[members]], result, t)
        upsert_theme(con, theme_id, label, keywords, result.centroids[t], quotes, run_id, now, complaint)
    theme_ids = [match.ids[t] if t != OUTLIER else None for t in topics.tolist()]
    write_assignments(con, items.feedback_ids, items.content_hashes, theme_ids, sims, run_id, now)
    record_events(con, match.events, run_id, now)
    window_end = max(items.created_at) if len(items) else None
    save_space(con, space or LanguageSpace(), directions or NuisanceSpace(), run_id, now)
    save_state(con, minter, run_id, now, window_end, result.threshold if result.n_topics else None)
    return {kind: len(match.of(kind)) for kind in ("new", "matched", "merged", "split", "retired")}


def _refit(con, cfg: SuaraConfig, run_id: str, now: datetime, progress: Progress | None) -> dict:
    end = con.execute("select max(created_at) from core.feedback").fetchall()[0][0]
    if end is None:
        return {"items": 0}
    start = end - timedelta(days=cfg.themes.window_days)
    items = load_items(con, "created_at >= ?", [start])
    if progress:
        progress("themes: fit", 0, len(items))
    space = LanguageSpace().fit(items.embeddings, items.languages)
    centred = space.transform(items.embeddings, items.languages)
    directions = NuisanceSpace().fit(centred, items.texts, items.sentiment)
    items.embeddings = directions.transform(centred)
    previous = active_themes(con)[1]
    from suara.warehouse.models import sentiment_for  # loaded only when a theme has key phrases to check

    result = fit_topics(items.docs, items.embeddings, _params(cfg), items.languages, items.sentiment,
                        previous if len(previous) else None, model_scorer(lambda: sentiment_for(cfg)),
                        _word_encoder(con, cfg), items.touchpoints)
    if progress:
        progress("themes: fit", len(items), len(items))
    if result.n_topics == 0:
        # Too few items to find any theme: retiring the whole registry would be wrong, keep it.
        return {"items": len(items), "topics": 0, "skipped": "no topics found"}
    counts = apply_refit(con, cfg, items, result, run_id, now, space, directions)
    counts.update(items=len(items), topics=result.n_topics, merged_topics=result.merged, sample=result.sample_size,
                  outlier_share=round(result.outlier_share, 4), outlier_share_raw=round(result.outlier_share_raw, 4),
                  **result.timings)
    return counts


def assign_new_items(con, cfg: SuaraConfig, run_id: str, now: datetime, progress: Progress | None = None) -> dict:
    """Assign new or changed items to the nearest active theme centroid, without refitting.

    Items are moved into the last refit's theme space; items below the last refit's similarity bar
    (any similarity when none was stored) stay unassigned (``theme_id`` null).
    """
    items = load_items(
        con,
        "not exists (select 1 from core.feedback_themes as ft "
        "where ft.feedback_id = items.feedback_id and ft.content_hash = items.content_hash)",
    )
    ids, cents = active_themes(con)
    state = registry_state(con)
    threshold = state[2] if state and state[2] is not None else -1.0
    embeddings = theme_space(con, items.embeddings, items.languages)
    topics, sims = nearest_centroid(embeddings, cents, threshold)
    assigned = [ids[t] if t >= 0 else None for t in topics.tolist()]
    write_assignments(con, items.feedback_ids, items.content_hashes, assigned, sims, run_id, now)
    if progress:
        progress("themes: assign", len(items), len(items))
    return {"items": len(items), "assigned": int((topics >= 0).sum()), "unassigned": int((topics < 0).sum())}


def update_themes(con, cfg: SuaraConfig, *, refit: bool | None = None, progress: Progress | None = None,
                  run_id: str | None = None) -> dict:
    """Refit or incrementally update the theme registry; one transaction.

    Args:
        con: DuckDB connection to a migrated warehouse.
        cfg: configuration (``themes`` section).
        refit: ``True`` forces a refit, ``False`` forces incremental assignment (a refit still happens when
            the registry is empty), ``None`` follows the ``refit_every_days`` schedule.
        progress: optional ``(step, done, total)`` reporter.
        run_id: id recorded on the rows written (a fresh one by default).

    Returns:
        Counts: ``mode`` (refit | incremental), items, lineage events, active themes, timings.
    """
    run_id = run_id or uuid.uuid4().hex[:16]
    now = datetime.now().replace(microsecond=0)
    do_refit = needs_refit(con, cfg, now) if refit is None else (refit or not active_themes(con)[0])
    with transaction(con):
        if do_refit:
            counts = _refit(con, cfg, run_id, now, progress)
            # Items that arrived outside the window (late, or older) still get a theme.
            counts["late_assigned"] = assign_new_items(con, cfg, run_id, now)["items"]
        else:
            counts = assign_new_items(con, cfg, run_id, now, progress)
        con.execute(read_sql("themes/refresh_sizes.sql"))
    active = con.execute("select count(*) from core.themes where status = 'active'").fetchall()[0][0]
    return {"mode": "refit" if do_refit else "incremental", "run_id": run_id, "active_themes": active, **counts}
