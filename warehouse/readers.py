"""Reading one input file into a temporary all-VARCHAR DuckDB table.

Every reader produces the temp table :data:`SRC` with a ``_line`` column (the
1-based line of the record in the file; the CSV header is line 1; the row index
+ 1 for Parquet) and one VARCHAR column per input column, plus a list of
:class:`Reject` lines it could not parse (broken encoding, ragged or truncated
lines, malformed JSON). DuckDB does the reading; a tolerant Python reader takes
over for CSV files DuckDB refuses outright, so a file is never lost.

Line numbers assume one line per record; a quoted field spanning several lines
shifts the numbers of later rows in the same file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pyarrow as pa
from suara.warehouse.db import registered

SRC = "_ing_src"
_TMP = "_ing_read"
_REJ_SCAN, _REJ_TABLE = "_ing_rej_scans", "_ing_rej_errors"
DELIMITERS = (",", ";", "\t")
_BAD_BYTE = re.compile("[\udc80-\udcff]")

# DuckDB's reject error types mapped to Suara's quarantine reasons.
_REJECT_REASONS = {
    "INVALID ENCODING": "invalid_encoding",
    "INVALID UNICODE": "invalid_encoding",
    "MISSING COLUMNS": "malformed_line",
    "TOO MANY COLUMNS": "malformed_line",
    "UNQUOTED VALUE": "malformed_line",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
}


@dataclass(frozen=True)
class Reject:
    """A line a reader could not turn into a record."""

    line: int
    reason: str
    detail: str
    raw: str | None


def quote_ident(name: str) -> str:
    """Quote a column name taken from an input file so it is only ever an identifier."""
    return '"' + name.replace('"', '""') + '"'


def detect_delimiter(header: str) -> str:
    """The most frequent of ``,`` ``;`` tab in the header line (``,`` on a tie or none)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        raw = fh.readline(1 << 20)
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")


def csv_header(path: Path, delimiter: str | None) -> tuple[str, list[str]]:
    """Delimiter (given or detected) and column names of a CSV file's header line."""
    header = _first_line(path)
    delim = delimiter or detect_delimiter(header)
    names = next(csv.reader([header], delimiter=delim), [])
    return delim, [n.strip() for n in names]


def _drop(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    for table in tables:
        con.execute(f"drop table if exists {table}")


def _collect_rejects(con: duckdb.DuckDBPyConnection) -> list[Reject]:
    rows = con.execute(
        f"select line, error_type, coalesce(error_message, ''), csv_line from {_REJ_TABLE} order by line"
    ).fetchall()
    first: dict[int, Reject] = {}  # DuckDB reports a short line once per missing column: keep one
    for n, kind, msg, raw in rows:
        first.setdefault(int(n), Reject(int(n), _REJECT_REASONS.get(kind, "malformed_line"), msg, raw))
    return list(first.values())


def _number_lines(con: duckdb.DuckDBPyConnection, first: int, rejects: list[Reject], select: str) -> None:
    """Create SRC from _TMP, giving each row its file line: the n-th line not rejected."""
    _drop(con, SRC)
    if not rejects:
        con.execute(f"create temp table {SRC} as select rowid + {first} as _line, {select} from {_TMP} s")
        return
    con.execute("create or replace temp table _ing_rej_lines (line bigint)")
    con.executemany("insert into _ing_rej_lines values (?)", [[r.line] for r in rejects])
    con.execute(
        f"create temp table {SRC} as "
        f"with lines as (select l as line, row_number() over (order by l) - 1 as k "
        f"from range({first}, {first} + (select count(*) from {_TMP}) + {len(rejects)}) t(l) "
        f"where l not in (select line from _ing_rej_lines)) "
        f"select lines.line as _line, {select} from {_TMP} s join lines on lines.k = s.rowid order by s.rowid"
    )
    _drop(con, "_ing_rej_lines")


def read_csv_file(
    con: duckdb.DuckDBPyConnection, path: Path, delimiter: str | None, header_rows: int = 0
) -> tuple[list[str], list[Reject]]:
    """Read a CSV file into SRC with DuckDB; on a file DuckDB refuses, use :func:`read_csv_python`.

    ``header_rows`` lines under the column names (question text, import ids) are skipped.
    """
    delim, names = csv_header(path, delimiter)
    columns = {name: "VARCHAR" for name in names}
    _drop(con, _TMP, _REJ_SCAN, _REJ_TABLE)
    try:
        con.execute(
            f"create temp table {_TMP} as select * from read_csv($path, columns = $cols, "
            "auto_detect = false, header = false, skip = $skip, delim = $delim, quote = '\"', escape = '\"', "
            "null_padding = false, "
            f"store_rejects = true, rejects_scan = '{_REJ_SCAN}', rejects_table = '{_REJ_TABLE}', "
            "max_line_size = 16777216)",
            {"path": str(path), "cols": columns, "delim": delim, "skip": 1 + header_rows},
        )
    except duckdb.Error:
        return read_csv_python(con, path, delim, names, header_rows)
    rejects = _collect_rejects(con)
    _number_lines(con, 2 + header_rows, rejects, _select_all(names))
    _drop(con, _TMP, _REJ_SCAN, _REJ_TABLE)
    return names, rejects


def _select_all(names: list[str]) -> str:
    return ", ".join(f"s.{quote_ident(n)}" for n in names) if names else "null as _empty"


def read_csv_python(
    con: duckdb.DuckDBPyConnection, path: Path, delim: str, names: list[str], header_rows: int = 0
) -> tuple[list[str], list[Reject]]:
    """Tolerant CSV reader: bad bytes and ragged lines become rejects with their line numbers."""
    # surrogateescape keeps undecodable bytes recoverable: the quarantined line shows them as \xNN
    text = path.read_bytes().decode("utf-8", errors="surrogateescape").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows: list[list[str]] = []
    lines: list[int] = []
    rejects: list[Reject] = []
    for _ in range(1 + header_rows):
        next(reader, None)
    start = reader.line_num + 1
    for record in reader:
        raw = delim.join(record)
        if _BAD_BYTE.search(raw):
            shown = raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            rejects.append(Reject(start, "invalid_encoding", "invalid UTF-8 byte sequence", shown))
        elif len(record) != len(names):
            if record:
                detail = f"expected {len(names)} fields, found {len(record)}"
                rejects.append(Reject(start, "malformed_line", detail, raw))
        else:
            rows.append(record)
            lines.append(start)
        start = reader.line_num + 1
    columns = {n: pa.array([r[i] or None for r in rows], pa.string()) for i, n in enumerate(names)}
    table = pa.table({"_line": pa.array(lines, pa.int64()), **columns})
    _drop(con, SRC)
    with registered(con, "_ing_arrow", table):
        con.execute(f"create temp table {SRC} as select * from _ing_arrow")
    return names, rejects


def read_jsonl_file(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], list[Reject]]:
    """Read JSON Lines into SRC: one VARCHAR column per key seen (nested values as JSON text)."""
    _drop(con, _TMP, _REJ_SCAN, _REJ_TABLE, "_ing_lines")
    # One VARCHAR per line (delimiter \x01, no quoting), so broken lines keep their line numbers.
    con.execute(
        f"create temp table {_TMP} as select * from read_csv($path, columns = {{'line': 'VARCHAR'}}, "
        "auto_detect = false, header = false, delim = chr(1), quote = '', escape = '', null_padding = false, "
        f"store_rejects = true, rejects_scan = '{_REJ_SCAN}', rejects_table = '{_REJ_TABLE}', "
        "max_line_size = 16777216)",
        {"path": str(path)},
    )
    rejects = _collect_rejects(con)
    _number_lines(con, 1, rejects, "s.line")
    con.execute(f"alter table {SRC} rename to _ing_lines")
    bad = con.execute(
        "select _line, line from _ing_lines where trim(line) <> '' and "
        "not (json_valid(line) and starts_with(ltrim(line), '{'))"
    ).fetchall()
    rejects += [Reject(int(n), "malformed_json", "not a JSON object", raw) for n, raw in bad]
    rejects.sort(key=lambda r: r.line)
    con.execute(
        "create or replace temp table _ing_objs as select _line, line from _ing_lines "
        "where trim(line) <> '' and json_valid(line) and starts_with(ltrim(line), '{')"
    )
    keys = con.execute("select distinct unnest(json_keys(line)) as k from _ing_objs order by k").fetchall()
    names = [k[0] for k in keys]
    params = {f"p{i}": f'$."{n}"' for i, n in enumerate(names)}
    cols = "".join(f", json_extract_string(line, $p{i}) as {quote_ident(n)}" for i, n in enumerate(names))
    con.execute(f"create temp table {SRC} as select _line{cols} from _ing_objs", params)
    _drop(con, _TMP, _REJ_SCAN, _REJ_TABLE, "_ing_lines", "_ing_objs")
    return names, rejects


def read_parquet_file(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], list[Reject]]:
    """Read a Parquet file into SRC, every column cast to VARCHAR (nested ones as JSON text)."""
    desc = con.execute("describe select * from read_parquet($path)", {"path": str(path)}).fetchall()
    parts = []
    for name, dtype, *_ in desc:
        nested = any(t in dtype for t in ("STRUCT", "[]", "MAP"))
        expr = f"to_json({quote_ident(name)})" if nested else quote_ident(name)
        parts.append(f"cast({expr} as varchar) as {quote_ident(name)}")
    _drop(con, SRC)
    con.execute(
        f"create temp table {SRC} as select file_row_number + 1 as _line, {', '.join(parts)} "
        "from read_parquet($path, file_row_number = true) order by file_row_number",
        {"path": str(path)},
    )
    return [d[0] for d in desc], []


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as text: whole floats without ``.0``, dates in ISO form (naive: the source's zone)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_xlsx_file(
    con: duckdb.DuckDBPyConnection, path: Path, sheet: str | int | None = None, header_rows: int = 0
) -> tuple[list[str], list[Reject]]:
    """Read one sheet of an ``.xlsx`` workbook (by name or 0-based index; default the first) into SRC.

    ``_line`` is the spreadsheet's row number; fully empty rows are skipped.
    """
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RuntimeError("format: xlsx needs the openpyxl package (pip install openpyxl)") from exc
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        names = [str(v).strip() if v is not None else f"column_{i + 1}" for i, v in enumerate(next(rows, ()))]
        lines, cells = [], []
        for n, row in enumerate(rows, start=2):
            values = [_cell_text(v) for v in row[: len(names)]]
            if n < 2 + header_rows or not any(values):
                continue
            lines.append(n)
            cells.append(values + [None] * (len(names) - len(values)))
    finally:
        book.close()
    columns = {name: pa.array([r[i] for r in cells], pa.string()) for i, name in enumerate(names)}
    table = pa.table({"_line": pa.array(lines, pa.int64()), **columns})
    _drop(con, SRC)
    with registered(con, "_ing_arrow", table):
        con.execute(f"create temp table {SRC} as select * from _ing_arrow")
    return names, []


def read_file(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, delimiter: str | None = None, header_rows: int = 0,
    sheet: str | int | None = None,
) -> tuple[list[str], list[Reject]]:
    """Read ``path`` of format ``csv`` | ``jsonl`` | ``parquet`` | ``xlsx`` into SRC; return its columns and rejects."""
    if fmt == "csv":
        return read_csv_file(con, path, delimiter, header_rows)
    if fmt == "xlsx":
        return read_xlsx_file(con, path, sheet, header_rows)
    if fmt == "jsonl":
        return read_jsonl_file(con, path)
    if fmt == "parquet":
        return read_parquet_file(con, path)
    raise ValueError(f"{path}: unknown format {fmt!r}")
