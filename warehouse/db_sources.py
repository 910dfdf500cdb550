"""Database sources: a table or a query of SQLite or PostgreSQL, read in batches into the reader's table.

DuckDB's ``sqlite_scanner``/``postgres_scanner`` extensions cannot be installed offline here, so the
rows come through a maintained driver (Python's ``sqlite3``; ``psycopg`` 3 for PostgreSQL) in batches of
``BATCH`` rows, as Arrow, into the same all-VARCHAR table (:data:`suara.warehouse.readers.SRC`) the file
readers fill: staging, redaction and quarantine are then the same as for files. ``_line`` is the row's
position in the result (ordered by the cursor column when there is one).

Incremental cursor: with ``cursor: updated_at`` only rows whose cursor is greater than the largest value
loaded before are read; that value is kept per source in ``ops.source_cursors`` (JSON, so numbers stay
numbers) and advanced in the transaction that records the load.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
from suara.warehouse.config import SourceConfig
from suara.warehouse.db import registered
from suara.warehouse.readers import SRC, quote_ident

BATCH = 10_000


def base_query(source: SourceConfig, placeholder: str | None) -> str:
    """The source's ``query`` (or ``select *`` from its ``table``), ordered by its cursor column.

    ``placeholder`` (the driver's parameter marker) limits it to rows after the stored cursor value;
    None reads everything (the first load).
    """
    base = source.query or f"select * from {quote_ident(source.table or '')}"
    if not source.cursor:
        return base
    col = quote_ident(source.cursor)
    where = f" where {col} > {placeholder}" if placeholder else ""
    return f"select * from ({base}) as q{where} order by {col}"


def stored_cursor(con: duckdb.DuckDBPyConnection, source: str) -> object:
    """The largest cursor value loaded before (None the first time)."""
    found = con.execute("select cursor_value from ops.source_cursors where source = ?", [source]).fetchall()
    return json.loads(found[0][0]) if found else None


def save_cursor(con: duckdb.DuckDBPyConnection, source: str, value: object, load_id: str) -> None:
    """Advance the source's cursor (inside the caller's transaction)."""
    con.execute(
        "insert or replace into ops.source_cursors values (?, ?, ?, current_timestamp)",
        [source, json.dumps(value, default=str), load_id],
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float | Decimal) and value == int(value) and abs(value) < 1e18:
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="backslashreplace")
    return str(value)


def _load_batches(con: duckdb.DuckDBPyConnection, names: list[str], batches: Iterator[Sequence[tuple]],
                  cursor_index: int | None) -> object:
    """Fill SRC from row batches; return the largest cursor value seen (None without a cursor)."""
    con.execute(f"drop table if exists {SRC}")
    cols = ", ".join(f"{quote_ident(n)} varchar" for n in names)
    con.execute(f"create temp table {SRC} (_line bigint, {cols})")
    line, last = 0, None
    for rows in batches:
        arrays = [pa.array(range(line + 1, line + len(rows) + 1), pa.int64())]
        arrays += [pa.array([_text(r[i]) for r in rows], pa.string()) for i in range(len(names))]
        with registered(con, "_ing_db_batch", pa.table(arrays, names=["_line", *names])):
            con.execute(f"insert into {SRC} select * from _ing_db_batch")
        if cursor_index is not None:
            values = [r[cursor_index] for r in rows if r[cursor_index] is not None]
            last = max([*values, *([last] if last is not None else [])], default=last)
        line += len(rows)
    return last


def _fetch(cur) -> Iterator[Sequence[tuple]]:
    while rows := cur.fetchmany(BATCH):
        yield rows


def read_sqlite(con: duckdb.DuckDBPyConnection, path: Path, source: SourceConfig, since: object
                ) -> tuple[list[str], object]:
    """Read the source's table or query from the SQLite file ``path`` into SRC (read-only, batched)."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        after = source.cursor and since is not None
        cur = db.execute(base_query(source, "?" if after else None), [since] if after else [])
        names = [d[0] for d in cur.description]
        index = names.index(source.cursor) if source.cursor else None
        return names, _load_batches(con, names, _fetch(cur), index)
    finally:
        db.close()


def read_postgres(con: duckdb.DuckDBPyConnection, source: SourceConfig, since: object) -> tuple[list[str], object]:
    """Read the source's table or query from PostgreSQL (DSN from ``$<dsn_env>``) into SRC, batched."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RuntimeError("format: postgres needs the psycopg package (pip install 'psycopg[binary]')") from exc
    dsn = os.environ.get(source.dsn_env or "")
    if not dsn:
        raise RuntimeError(f"source {source.name}: environment variable {source.dsn_env!r} (dsn_env) is not set")
    with psycopg.connect(dsn) as pg, pg.cursor(name="suara_ingest") as cur:  # server-side cursor: batched
        cur.itersize = BATCH
        after = source.cursor and since is not None
        cur.execute(base_query(source, "%s" if after else None), [since] if after else None)
        first = cur.fetchmany(BATCH)
        names = [d.name for d in cur.description]
        index = names.index(source.cursor) if source.cursor else None
        return names, _load_batches(con, names, _chain(first, cur), index)


def _chain(first: list[tuple], cur) -> Iterator[Sequence[tuple]]:
    if first:
        yield first
    yield from _fetch(cur)
