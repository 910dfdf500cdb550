"""Incremental, idempotent ingestion of the configured sources into ``core.feedback``.

For each source the files matching its glob are read in name order. A file already
loaded (``ops.files``: same source, same SHA-256, status ``loaded``) is skipped. Otherwise
its encoding is detected (:mod:`suara.warehouse.encoding`), it is read with DuckDB
(:mod:`suara.warehouse.readers`), redacted, its dates parsed (:mod:`suara.warehouse.dates`),
validated and deduplicated (:mod:`suara.warehouse.prepare`), then committed in batches of
``ingest.batch_rows`` rows: each batch lands its records in ``raw.landing``, its bad rows and
fields in ``ops.quarantine``, merges into ``core.feedback`` (``sql/ingest/*.sql``) and advances
the file's cursor in ``ops.file_progress``, all in one transaction. The last batch records the
file in ``ops.files``. A file that fails is recorded there as ``failed`` with its error and the
other files and sources still load. A run killed mid-file resumes after the last committed
line; records are keyed by ``feedback_id = md5(source || '|' || source_id)``, compared by
``content_hash`` and versioned by ``source_version``, so nothing is duplicated, lost or reverted.

Write mode: merge on ``feedback_id``; incremental cursor: (file hash, line).
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from suara.nlp.progress import Progress
from suara.warehouse import db_sources, encoding, prepare
from suara.warehouse.config import SourceConfig
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.db import read_sql, transaction
from suara.warehouse.ingest_result import FileResult, IngestResult, SourceResult
from suara.warehouse.quarantine import FileRef, Problem, quarantine
from suara.warehouse.readers import Reject, read_file

__all__ = ["FileResult", "IngestResult", "SourceError", "SourceResult", "file_sha256", "ingest_sources"]
_TEXT_FORMATS = ("csv", "jsonl")


class SourceError(ValueError):
    """A whole file of a source cannot be used (e.g. a mapped column is missing); names file and column."""

    def __init__(
        self, message: str, missing: list[tuple[str, str]] | None = None, reason: str = "missing_column"
    ) -> None:
        super().__init__(message)
        self.missing, self.reason = missing or [(None, None)], reason

    def problems(self) -> list[Problem]:
        """One quarantine entry per missing column (or one for the whole file)."""
        if self.reason == "missing_column":
            return [Problem(None, role, self.reason, col) for role, col in self.missing]
        return [Problem(None, None, self.reason, str(self)[:1000])]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_files(cfg: SuaraConfig, source: SourceConfig) -> list[Path]:
    """Files matching a source's glob (relative to the config folder), in name order."""
    pattern = str(cfg.resolve(source.path))
    return sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())


def ingest_sources(
    con: duckdb.DuckDBPyConnection, cfg: SuaraConfig, progress: Progress | None = None
) -> IngestResult:
    """Load new and changed records of every configured source; bad input goes to ``ops.quarantine``.

    One broken file or source never stops the others: it is recorded (``ops.files`` status
    ``failed``, the source's ``errors``) and makes the result :attr:`~IngestResult.degraded`.

    Args:
        con: read-write connection to a migrated warehouse.
        cfg: configuration (sources, ingest limits, salt variable).
        progress: optional ``(step, done, total)`` reporter.

    Returns:
        Counts per source and file: rows inserted/updated/unchanged/stale, quarantined per reason,
        the encoding and date rule per file, and the reasons the run is degraded (if any).
    """
    result = IngestResult(load_id=uuid.uuid4().hex[:16], max_quarantine_share=cfg.ingest.max_quarantine_share)
    con.execute("set enable_progress_bar = false")  # DuckDB's own bar would garble the CLI's
    for source in cfg.sources:
        sr = result.sources[source.name] = SourceResult()
        if source.format == "postgres":
            _ingest_postgres(con, cfg, source, result.load_id, sr, progress)
            continue
        files = source_files(cfg, source)
        if not files:
            sr.errors.append(f"no file matches {cfg.resolve(source.path)}")
        for path in files:
            _ingest_one(con, cfg, source, path, result.load_id, sr, progress)
    degraded = result.degraded
    con.execute(
        read_sql("ingest/record_load.sql"),
        {"load": result.load_id, "status": "degraded" if degraded else "success", "degraded": json.dumps(degraded)},
    )
    return result


def _ingest_one(con, cfg, source, path: Path, load_id: str, sr: SourceResult, progress) -> None:
    fr = FileResult(str(path))
    ref = FileRef(load_id, source.name, str(path), None)
    try:
        ref = FileRef(load_id, source.name, str(path), file_sha256(path))
        if _already_loaded(con, ref):
            sr.files_skipped += 1
            return
        sr.files_read += 1
        _load_file(con, cfg, source, path, ref, fr, sr, progress)
        sr.add_file(fr)
    except Exception as exc:  # noqa: BLE001 - one broken file never stops the other files and sources
        _fail_file(con, ref, path, fr, sr, exc)
    finally:
        prepare.drop_temp(con)


def _ingest_postgres(con, cfg, source: SourceConfig, load_id: str, sr: SourceResult, progress) -> None:
    """A PostgreSQL table or query, staged and merged like one file (``ops.files`` keyed by read time)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    label = f"postgres:${source.dsn_env}/{source.table or 'query'}"
    ref = FileRef(load_id, source.name, label, hashlib.sha256(f"{label}|{now.isoformat()}".encode()).hexdigest())
    fr = FileResult(label)
    sr.files_read += 1
    try:
        names, fr.cursor = db_sources.read_postgres(con, source, db_sources.stored_cursor(con, source.name))
        _stage_and_commit(con, cfg, source, ref, fr, sr, progress, names, [], now)
        sr.add_file(fr)
    except Exception as exc:  # noqa: BLE001 - an unreachable database never stops the other sources
        _fail_file(con, ref, Path(label), fr, sr, exc)
    finally:
        prepare.drop_temp(con)


def _already_loaded(con, ref: FileRef) -> bool:
    found = con.execute(
        "select 1 from ops.files where source = ? and file_hash = ? and coalesce(status, 'loaded') = 'loaded'",
        [ref.source, ref.file_hash],
    ).fetchall()
    return bool(found)


def _fail_file(con, ref: FileRef, path: Path, fr: FileResult, sr: SourceResult, exc: Exception) -> None:
    if not isinstance(exc, SourceError):
        detail = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        exc = SourceError(f"{path}: cannot read file: {detail}", reason="unreadable_file")
    fr.status, fr.error = "failed", str(exc)
    sr.files_failed += 1
    sr.errors.append(str(exc))
    sr.files.append(fr)
    with transaction(con):
        sr.quarantined.update(quarantine(con, ref, exc.problems()))
        if ref.file_hash is None:  # unreadable bytes: key the record by the path instead
            ref = dataclasses.replace(ref, file_hash="path:" + hashlib.sha256(ref.path.encode()).hexdigest())
        _record_file(con, ref, path, fr)


def _load_file(con, cfg: SuaraConfig, source: SourceConfig, path: Path, ref: FileRef, fr: FileResult,
               sr: SourceResult, progress: Progress | None) -> None:
    if path.stat().st_size == 0 or not path.read_bytes()[:4096].strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        _commit_empty(con, ref, path, fr, sr)
        return
    names, rejects = _read(con, source, path, fr)
    version = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    _stage_and_commit(con, cfg, source, ref, fr, sr, progress, names, rejects, version)


def _stage_and_commit(con, cfg: SuaraConfig, source: SourceConfig, ref: FileRef, fr: FileResult, sr: SourceResult,
                      progress: Progress | None, names: list[str], rejects: list[Reject], version: datetime) -> None:
    """From the reader's table to committed batches: check the mapping, redact, parse, stage, merge."""
    path = Path(ref.path)
    missing = [
        (role, source.columns[role])
        for role in prepare.ROLES
        if role in source.columns and source.columns[role] not in names
    ]
    if missing:
        wanted = ", ".join(f"{col!r} (role {role})" for role, col in missing)
        raise SourceError(f"{path}: mapped column {wanted} not found; the file has columns {names}", missing)
    if cfg.ingest.keep_raw_text:
        prepare.keep_raw_text(con, source)
    salt = prepare.customer_salt(cfg.ingest, con)
    sr.pii_redacted.update(prepare.redact_columns(con, source, names))
    sr.pii_redacted.update(prepare.hash_personal_ids(con, source, salt))
    clock = prepare.DateClock.for_source(source, cfg.ingest)
    prepare.build_norm(con, source, names, salt, cfg.ingest.keep_raw_text, clock)
    fr.date_rule = prepare.parse_dates(con, source, cfg.ingest, clock).describe()
    prepare.build_staging(con, source, cfg.ingest.max_text_chars, clock, version)
    prepare.redact_rejected_records(con)
    _warn_enotation(con, path, sr)
    _commit_batches(con, cfg, ref, path, rejects, fr, sr, progress)


def _read(con, source: SourceConfig, path: Path, fr: FileResult) -> tuple[list[str], list[Reject]]:
    """Read the file into the reader's temp table through a UTF-8 view; keep broken lines undamaged."""
    if source.format == "sqlite":
        names, fr.cursor = db_sources.read_sqlite(con, path, source, db_sources.stored_cursor(con, source.name))
        return names, []
    if source.format not in _TEXT_FORMATS:
        return read_file(con, path, source.format, source.delimiter, source.header_rows, source.sheet)
    enc = encoding.detect(path, source.encoding)
    fr.encoding = enc.describe()
    with encoding.utf8_view(path, enc) as readable:
        names, rejects = read_file(con, readable, source.format, source.delimiter, source.header_rows)
    broken = {r.line for r in rejects if r.reason == "invalid_encoding"}
    if broken:
        lines = encoding.raw_lines(path, broken, enc)
        rejects = [dataclasses.replace(r, raw=lines.get(r.line, r.raw)) if r.line in broken else r for r in rejects]
    return names, rejects


def _warn_enotation(con, path: Path, sr: SourceResult) -> None:
    n, example = con.execute(
        f"select count(*), any_value(source_id) from {prepare.STG} where id_enotation"
    ).fetchall()[0]
    if n:
        sr.warnings.append(
            f"{path}: {n:,} ids look like spreadsheet E-notation (e.g. {example!r}): the export lost their digits, "
            "so rows sharing one are quarantined as duplicate_id; export the id column as text"
        )


def _commit_empty(con, ref: FileRef, path: Path, fr: FileResult, sr: SourceResult) -> None:
    with transaction(con):
        sr.quarantined.update(quarantine(con, ref, [Problem(None, None, "empty_file", None)]))
        _record_file(con, ref, path, fr)


def _record_file(con, ref: FileRef, path: Path, fr: FileResult) -> None:
    size = path.stat().st_size if path.exists() else None
    con.execute(
        read_sql("ingest/record_file.sql"),
        {
            "hash": ref.file_hash, "source": ref.source, "path": ref.path, "size": size, "rows": fr.rows_read,
            "load": ref.load_id, "status": fr.status, "error": fr.error, "encoding": fr.encoding,
            "date_rule": fr.date_rule, "inserted": fr.inserted, "updated": fr.updated, "unchanged": fr.unchanged,
            "quarantined": fr.quarantined, "stale": fr.stale_ignored,
        },
    )
    if fr.status == "loaded" and fr.cursor is not None:
        db_sources.save_cursor(con, ref.source, fr.cursor, ref.load_id)
    if fr.status == "loaded":
        con.execute(
            "delete from ops.file_progress where source = ? and file_hash = ?", [ref.source, ref.file_hash]
        )


def _batch_bounds(con, cursor: int, batch_rows: int) -> list[tuple[int, float]]:
    """Line ranges ``(lo, hi]`` of the batches still to commit after ``cursor``; the last is open-ended."""
    ends = [
        r[0]
        for r in con.execute(
            f"select _line from (select _line, row_number() over (order by _line) as n from {prepare.STG} "
            "where _line > ?) where n % ? = 0 order by _line",
            [cursor, batch_rows],
        ).fetchall()
    ]
    lows = [cursor, *ends]
    return list(zip(lows, [*ends, float("inf")], strict=True))


def _commit_batches(con, cfg: SuaraConfig, ref: FileRef, path: Path, rejects: list[Reject], fr: FileResult,
                    sr: SourceResult, progress: Progress | None) -> None:
    found = con.execute(
        "select last_line from ops.file_progress where source = ? and file_hash = ?",
        [ref.source, ref.file_hash],
    ).fetchall()
    cursor = found[0][0] if found else 0
    total = con.execute(f"select count(*) from {prepare.STG}").fetchall()[0][0] + len(rejects)
    bounds = _batch_bounds(con, cursor, cfg.ingest.batch_rows)
    for i, (lo, hi) in enumerate(bounds):
        last = i == len(bounds) - 1
        with transaction(con):
            _commit_batch(con, ref, lo, hi, [r for r in rejects if lo < r.line <= hi], fr, sr)
            if last:
                done = fr.rows_read
                fr.rows_read = total  # a resumed file: earlier runs committed the first batches
                _record_file(con, ref, path, fr)
                fr.rows_read = done
            else:
                _advance_cursor(con, ref, int(hi))
        if progress:
            progress(f"ingest {ref.source}", fr.rows_read, total)


def _advance_cursor(con, ref: FileRef, line: int) -> None:
    con.execute(
        "insert or replace into ops.file_progress values (?, ?, ?, ?, ?, current_timestamp)",
        [ref.source, ref.file_hash, ref.path, line, ref.load_id],
    )


def _commit_batch(con, ref: FileRef, lo: int, hi: float, rejects: list[Reject], fr: FileResult,
                  sr: SourceResult) -> None:
    """Land, quarantine and merge the staging rows with ``lo < _line <= hi``."""
    rng = {"lo": lo, "hi": min(hi, 2**62)}
    stg = prepare.STG
    landed = con.execute(
        "insert into raw.landing (load_id, source, file, file_hash, row_number, record, landed_at) "
        f"select $load, $source, $file, $hash, _line, record, current_timestamp from {stg} "
        "where _line > $lo and _line <= $hi",
        {**rng, "load": ref.load_id, "source": ref.source, "file": ref.path, "hash": ref.file_hash},
    ).fetchall()[0][0]
    bad = con.execute(
        f"select _line, error_field, error_reason, error_value, record::varchar from {stg} "
        "where _line > $lo and _line <= $hi and error_field is not null order by _line",
        rng,
    ).fetchall()
    problems = [Problem(r.line, None, r.reason, r.detail, r.raw) for r in rejects]
    problems += [Problem(*row) for row in bad]
    counts = quarantine(con, ref, problems)
    sr.quarantined.update(counts)
    fr.quarantined += sum(counts.values())
    fields = con.execute(
        f"select _line, e.field, e.reason, e.value, record::varchar from (select _line, record, "
        f"unnest(field_errors) as e from {stg} where _line > $lo and _line <= $hi and error_field is null "
        "and field_errors is not null) order by _line",
        rng,
    ).fetchall()
    quarantine(con, ref, [Problem(*row, kind="field") for row in fields])
    sr.fields_nulled.update(Counter(f"{f[1]} {f[2]}" for f in fields))
    _merge(con, ref, rng, fr)
    fr.rows_read += landed + len(rejects)


def _merge(con, ref: FileRef, rng: dict, fr: FileResult) -> None:
    """Insert new, update newer, count unchanged and stale feedback rows of the batch (``sql/ingest``)."""
    con.execute(f"create or replace temp table _ing_batch as {read_sql('ingest/batch.sql')}", rng)
    actions = dict(con.execute("select action, count(*) from _ing_batch group by action").fetchall())
    params = {"source": ref.source, "load": ref.load_id}
    if actions.get("insert"):
        con.execute(read_sql("ingest/insert_new.sql"), params)
    if actions.get("update"):
        con.execute(read_sql("ingest/update_changed.sql"), {"load": ref.load_id})
    if actions.get("stale"):
        stale = con.execute(
            "select _line, 'source_version', 'stale_version', source_version::varchar || ' < stored ' || "
            "stored_version::varchar, record::varchar from _ing_batch where action = 'stale' order by _line"
        ).fetchall()
        quarantine(con, ref, [Problem(*row) for row in stale])
    fr.inserted += actions.get("insert", 0)
    fr.updated += actions.get("update", 0)
    fr.unchanged += actions.get("unchanged", 0)
    fr.stale_ignored += actions.get("stale", 0)
    con.execute("drop table _ing_batch")
