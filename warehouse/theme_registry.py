"""The theme registry's tables: ids, centroids, assignments, lineage and the stored theme space.

What a refit writes and an incremental run reads back (``core.themes``, ``core.feedback_themes``,
``core.theme_lineage``, ``core.theme_state``, ``core.theme_space``, ``core.theme_directions``);
:mod:`suara.warehouse.themes` decides what goes in.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pyarrow as pa
from suara.nlp.topics import LanguageSpace, LineageEvent, NuisanceSpace, normalize_rows
from suara.warehouse.db import read_sql


def registry_state(con) -> tuple | None:
    """``(last_refit_at, next_theme_number, assign_threshold)`` of ``core.theme_state``; ``None`` before any refit."""
    rows = con.execute(
        "select last_refit_at, next_theme_number, assign_threshold from core.theme_state where id = 1"
    ).fetchall()
    return rows[0] if rows else None


def load_space(con) -> LanguageSpace:
    """The language means of the last refit (the identity space when none were stored)."""
    return LanguageSpace.from_rows(con.execute("select language, mean, items from core.theme_space").fetchall())


def load_directions(con) -> NuisanceSpace:
    """The nuisance directions of the last refit (the identity when none were stored)."""
    return NuisanceSpace.from_rows(
        con.execute("select name, vector from core.theme_directions order by position").fetchall())


def theme_space(con, embeddings: np.ndarray, languages: list[str]) -> np.ndarray:
    """Embeddings moved into the last refit's theme space (language means, then nuisance directions, removed)."""
    return load_directions(con).transform(load_space(con).transform(embeddings, languages))


def save_space(con, space: LanguageSpace, directions: NuisanceSpace, run_id: str, now: datetime) -> None:
    """Store a refit's language means and nuisance directions (replacing the previous refit's)."""
    con.execute("delete from core.theme_space")
    con.execute("delete from core.theme_directions")
    if space.means_:
        con.executemany("insert into core.theme_space values (?, ?, ?, ?, ?)",
                        [[lang, mean, items, run_id, now] for lang, mean, items in space.rows()])
    if directions.names_:
        con.executemany("insert into core.theme_directions values (?, ?, ?, ?, ?)",
                        [[i, name, vec, run_id, now] for i, (name, vec) in enumerate(directions.rows())])


def active_themes(con) -> tuple[list[str], np.ndarray]:
    """Ids and unit-length centroids of the active themes, by id."""
    rows = con.execute(
        "select theme_id, centroid from core.themes where status = 'active' order by theme_id"
    ).fetchall()
    ids = [r[0] for r in rows]
    cents = normalize_rows(np.array([r[1] for r in rows], dtype=np.float32)) if rows else np.zeros((0, 0))
    return ids, cents


class IdMinter:
    """Hands out ``T0001``-style ids from ``core.theme_state``'s counter."""

    def __init__(self, con) -> None:
        state = registry_state(con)
        self.number = state[1] if state else 1

    def __call__(self) -> str:
        """The next unused id."""
        theme_id = f"T{self.number:04d}"
        self.number += 1
        return theme_id


def write_assignments(con, feedback_ids: list[str], content_hashes: list[str], theme_ids: list[str | None],
                      sims: np.ndarray, run_id: str, now: datetime) -> None:
    """Upsert each item's theme (``None``: unthemed) with its similarity and the content hash it was themed at."""
    table = pa.table({
        "feedback_id": feedback_ids,
        "theme_id": pa.array(theme_ids, type=pa.string()),
        "probability": pa.array([float(s) for s in sims], type=pa.float64()),
        "content_hash": content_hashes,
    })
    con.register("_suara_assign", table)
    try:
        con.execute(
            "insert or replace into core.feedback_themes "
            "select feedback_id, theme_id, probability, ?, content_hash, ? from _suara_assign",
            [run_id, now],
        )
    finally:
        con.unregister("_suara_assign")


def upsert_theme(con, theme_id: str, label: str, keywords: list[str], centroid: np.ndarray,
                 quotes: list[str], run_id: str, now: datetime, complaint_label: str | None = None) -> None:
    """Insert or reactivate a theme with its description; a changed label is kept in ``core.theme_labels``."""
    exists = con.execute("select label from core.themes where theme_id = ?", [theme_id]).fetchall()
    vec = [float(x) for x in centroid]
    if exists:
        con.execute(
            "update core.themes set label = ?, keywords = ?, centroid = ?, quotes = ?, status = 'active', "
            "merged_into = null, updated_run_id = ?, complaint_label = ? where theme_id = ?",
            [label, keywords, vec, quotes, run_id, complaint_label, theme_id],
        )
    else:
        con.execute(
            "insert into core.themes (theme_id, label, keywords, centroid, size, status, quotes, registered_at, "
            "created_run_id, updated_run_id, complaint_label) values (?, ?, ?, ?, 0, 'active', ?, ?, ?, ?, ?)",
            [theme_id, label, keywords, vec, quotes, now, run_id, run_id, complaint_label],
        )
    if not exists or exists[0][0] != label:
        con.execute("insert into core.theme_labels values (?, ?, ?, ?, ?)", [theme_id, label, keywords, run_id, now])


def record_events(con, events: list[LineageEvent], run_id: str, now: datetime) -> None:
    """Write a refit's lineage events and retire or merge themes accordingly (pinned themes are never removed)."""
    # the analyst's pinned themes (curation file) are never retired or merged away by a refit
    pinned = {row[0] for row in con.execute(read_sql("curation/pinned.sql")).fetchall()}
    for e in events:
        con.execute(
            "insert into core.theme_lineage values (?, ?, ?, ?, ?, ?)",
            [run_id, e.event, e.theme_id, list(e.related), e.similarity, now],
        )
        if e.event in ("retired", "merged") and e.theme_id in pinned:
            continue
        if e.event == "retired":
            con.execute(
                "update core.themes set status = 'retired', updated_run_id = ? where theme_id = ?", [run_id, e.theme_id]
            )
        elif e.event == "merged":
            con.execute(
                "update core.themes set status = 'merged', merged_into = ?, updated_run_id = ? where theme_id = ?",
                [e.related[0], run_id, e.theme_id],
            )
            # Items outside the window follow their theme into the survivor.
            con.execute("update core.feedback_themes set theme_id = ? where theme_id = ?", [e.related[0], e.theme_id])


def save_state(con, minter: IdMinter, run_id: str, now: datetime, window_end, threshold: float | None) -> None:
    """Record a refit: when, its window's end, the next theme number and its similarity bar."""
    con.execute(
        "insert or replace into core.theme_state (id, last_refit_at, last_refit_run_id, last_refit_window_end, "
        "next_theme_number, assign_threshold) values (1, ?, ?, ?, ?, ?)",
        [now, run_id, window_end, minter.number, threshold],
    )


def previous_assignments(con) -> dict[str, str]:
    """Each themed item's current theme id."""
    return dict(con.execute(
        "select feedback_id, theme_id from core.feedback_themes where theme_id is not null").fetchall())
