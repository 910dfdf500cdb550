"""Analyst sentiment corrections: a CSV (``corrections:`` in the config) that overrides the model in the marts.

Columns ``source, source_id, sentiment`` and optionally ``touchpoint`` (a taxonomy id). The file is
re-read on every marts build into ``core.sentiment_corrections``; corrections are keyed by the record in
its source, so they survive re-ingestion and rescoring, and ``suara train --data`` can use the corrected
items (with their stored, redacted text) as extra training rows (:func:`correction_training_rows`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from suara.nlp.sentiment.labels import LABELS, canonical_label
from suara.warehouse.db import read_sql, registered

REQUIRED = ("source", "source_id", "sentiment")
COLUMNS = (*REQUIRED, "touchpoint")


class CorrectionsError(ValueError):
    """The corrections file is missing or invalid; the message names file, row and field."""


def read_corrections(path: Path | str, touchpoints: dict[str, str] | None = None) -> list[dict]:
    """Validated rows of a corrections CSV.

    Args:
        path: the CSV file (UTF-8, with or without BOM; comma, semicolon or tab separated).
        touchpoints: taxonomy touchpoint id -> journey stage, to check the optional ``touchpoint`` column.

    Returns:
        One dict per row: ``source, source_id, sentiment_label, touchpoint, journey_stage, row_number``;
        a later row for the same ``(source, source_id)`` replaces an earlier one.

    Raises:
        CorrectionsError: missing file or column, unknown label or touchpoint (names file, row, field).
    """
    path = Path(path)
    if not path.is_file():
        raise CorrectionsError(f"{path}: corrections file not found")
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CorrectionsError(f"{path}: missing column(s) {', '.join(missing)} (columns: {', '.join(header)})")
    out: dict[tuple[str, str], dict] = {}
    for n, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        out[(row["source"], row["source_id"])] = _validate(path, n, row, touchpoints)
    return list(out.values())


def _validate(path: Path, n: int, row: dict[str, str], touchpoints: dict[str, str] | None) -> dict:
    for field in ("source", "source_id"):
        if not row[field]:
            raise CorrectionsError(f"{path}: row {n}: field {field!r} is empty")
    label = canonical_label(row["sentiment"])
    if label is None:
        raise CorrectionsError(
            f"{path}: row {n}: field 'sentiment': {row['sentiment']!r} is not one of {', '.join(LABELS)}")
    touchpoint = row.get("touchpoint") or None
    stage = None
    if touchpoint is not None and touchpoints is not None:
        if touchpoint not in touchpoints:
            raise CorrectionsError(f"{path}: row {n}: field 'touchpoint': {touchpoint!r} is not in the taxonomy")
        stage = touchpoints[touchpoint]
    return {"source": row["source"], "source_id": row["source_id"], "sentiment_label": label,
            "touchpoint": touchpoint, "journey_stage": stage, "row_number": n}


def load_corrections(con, path: Path | str | None, touchpoints: dict[str, str] | None = None) -> dict:
    """Replace ``core.sentiment_corrections`` with the file's rows (emptied when ``path`` is None).

    Returns:
        ``{"loaded": rows in the file, "matched": rows naming an existing feedback item, "file": path}``.

    Raises:
        CorrectionsError: the file is invalid; the table is left as it was.
    """
    rows = read_corrections(path, touchpoints) if path is not None else []
    con.execute("delete from core.sentiment_corrections")
    if rows:
        con.executemany(
            "insert into core.sentiment_corrections values (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
            [[r["source"], r["source_id"], r["sentiment_label"], r["touchpoint"], r["journey_stage"], str(path),
              r["row_number"]] for r in rows],
        )
    loaded, matched = con.execute(read_sql("sentiment/correction_counts.sql")).fetchone()
    return {"loaded": int(loaded), "matched": int(matched), "file": str(path) if path else None}


def correction_training_rows(con, path: Path | str) -> list[tuple[str, str]]:
    """``(text, label)`` of every corrected item found in the warehouse, for ``suara train --data``.

    The text is the stored (redacted) feedback text, as the model sees it in enrichment.
    """
    rows = read_corrections(path)
    if not rows:
        return []
    import pyarrow as pa

    given = pa.table({
        "source": [r["source"] for r in rows], "source_id": [r["source_id"] for r in rows],
        "label": [r["sentiment_label"] for r in rows]})
    with registered(con, "corrections_given", given):  # a registered table: works on a read-only connection
        found = con.execute(read_sql("sentiment/correction_texts.sql")).fetchall()
    return [(text, label) for text, label in found]


def write_training_csv(rows: Iterable[tuple[str, str]], out: Path) -> Path:
    """Write ``(text, label)`` rows as a ``text,label`` CSV that ``suara train --data`` reads."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return out
