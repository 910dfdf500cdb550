"""Writing rejected input to ``ops.quarantine``, redacted like everything else that is stored."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa
from suara.nlp.pii import redact
from suara.warehouse.db import registered

_COLUMNS = ("row_number", "field", "reason", "value", "record", "kind")
# One statement for all rows of a batch (executemany costs ~1 ms a row in DuckDB).
_INSERT = (
    "insert into ops.quarantine (load_id, source, file, file_hash, row_number, field, reason, value, record, "
    "kind, quarantined_at) select $load, $source, $file, $hash, row_number, field, reason, value, record, kind, "
    "current_timestamp from _ing_quarantine order by row_number"
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
    rows: list[tuple] = []
    for p in problems:
        counts[p.reason] += 1
        value = redact(p.value) if p.value is not None else None
        record = _as_json(redact(p.record)) if p.record is not None else None
        rows.append((p.line, p.field, p.reason, value, record, p.kind))
    if rows:
        types = (pa.int64(), pa.string(), pa.string(), pa.string(), pa.string(), pa.string())
        columns = zip(*rows, strict=True)
        table = pa.table([pa.array(list(c), t) for c, t in zip(columns, types, strict=True)], names=_COLUMNS)
        with registered(con, "_ing_quarantine", table):
            con.execute(_INSERT, {"load": ref.load_id, "source": ref.source, "file": ref.path, "hash": ref.file_hash})
    return counts
