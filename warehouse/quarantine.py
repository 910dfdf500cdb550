"""Writing rejected input to ``ops.quarantine``, redacted like everything else that is stored."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
from suara.nlp.pii import redact

_INSERT = (
    "insert into ops.quarantine (load_id, source, file, file_hash, row_number, field, reason, value, record, "
    "kind, quarantined_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)"
)


@dataclass(frozen=True)
class FileRef:
    """The file being loaded: which load, source, path and content hash its rows belong to."""

    load_id: str
    source: str
    path: str
    file_hash: str | None


@dataclass(frozen=True)
class Problem:
    """One rejected record or file: where (line, field), why (reason) and what (value, record)."""

    line: int | None
    field: str | None
    reason: str
    value: str | None = None
    record: str | None = None
    """The record as JSON text, or the raw line when it could not be parsed."""
    kind: str = "row"
    """``row``: the record was not loaded; ``field``: it loaded with this field set to NULL."""


def _as_json(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        json.loads(text)
        return text
    except ValueError:
        return json.dumps({"line": text}, ensure_ascii=False)


def quarantine(con: duckdb.DuckDBPyConnection, ref: FileRef, problems: Iterable[Problem]) -> Counter:
    """Insert problems into ``ops.quarantine`` (values and records redacted); return counts per reason."""
    counts: Counter = Counter()
    rows = []
    for p in problems:
        counts[p.reason] += 1
        value = redact(p.value) if p.value is not None else None
        record = _as_json(redact(p.record)) if p.record is not None else None
        rows.append([ref.load_id, ref.source, ref.path, ref.file_hash, p.line, p.field, p.reason, value,
                     record, p.kind])
    if rows:
        con.executemany(_INSERT, rows)
    return counts
