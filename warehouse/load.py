"""Incremental, idempotent ingestion of the configured sources into ``core.feedback``.

For each source the files matching its glob are read in name order. A file already
recorded in ``ops.files`` (same source, same SHA-256) is skipped. Otherwise it is read
with DuckDB (:mod:`suara.warehouse.readers`), redacted, validated and deduplicated
(:mod:`suara.warehouse.prepare`), then committed in batches of ``ingest.batch_rows`` rows:
each batch lands its records in ``raw.landing``, its bad rows in ``ops.quarantine``,
inserts new and updates changed rows of ``core.feedback`` and advances the file's
cursor in ``ops.file_progress``, all in one transaction. The last batch records the
file in ``ops.files``. A run killed mid-file resumes after the last committed line;
records are keyed by ``feedback_id = md5(source || '|' || source_id)`` and compared by
``content_hash``, so nothing is duplicated or lost.

Write mode: merge on ``feedback_id``; incremental cursor: (file hash, line).
"""

from __future__ import annotations

import glob
import hashlib
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
from suara.nlp.progress import Progress
from suara.warehouse import prepare
from suara.warehouse.config import SourceConfig
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.db import transaction
from suara.warehouse.quarantine import FileRef, Problem, quarantine
from suara.warehouse.readers import Reject, read_file

_FEEDBACK_COLS = (
    "feedback_id, source, source_id, kind, created_at, text, text_truncated, raw_text, "
    "nps, csat, ces, rating, channel, touchpoint_hint, customer_hash, metadata, content_hash"
)
_UPDATED_COLS = _FEEDBACK_COLS.replace("feedback_id, source, source_id, ", "").split(", ")


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


@dataclass
class SourceResult:
    """Counts for one source in one ingestion run."""

    files_read: int = 0
    files_skipped: int = 0
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    superseded: int = 0
    quarantined: Counter = field(default_factory=Counter)
    pii_redacted: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    """What one call of :func:`ingest_sources` did, per source."""

    load_id: str
    sources: dict[str, SourceResult] = field(default_factory=dict)

    def total(self, name: str) -> int:
        """Sum of an integer counter (e.g. ``"inserted"``) over all sources."""
        return sum(getattr(s, name) for s in self.sources.values())

    @property
    def quarantined(self) -> Counter:
        """Quarantined rows per reason over all sources."""
        return sum((s.quarantined for s in self.sources.values()), Counter())

    def as_dict(self) -> dict:
        """JSON-able summary: totals plus the per-source breakdown."""
        names = ("files_read", "files_skipped", "rows_read", "inserted", "updated", "unchanged", "superseded")
        sources = {
            n: {**asdict(s), "quarantined": dict(s.quarantined), "pii_redacted": dict(s.pii_redacted)}
            for n, s in self.sources.items()
        }
        totals = {k: self.total(k) for k in names}
        return {"load_id": self.load_id, **totals, "quarantined": dict(self.quarantined), "sources": sources}


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

    Args:
        con: read-write connection to a migrated warehouse.
        cfg: configuration (sources, ingest limits, salt variable).
        progress: optional ``(step, done, total)`` reporter.

    Returns:
        Counts per source: files read/skipped, rows inserted/updated/unchanged, quarantined per reason.
    """
    result = IngestResult(load_id=uuid.uuid4().hex[:16])
    con.execute("set enable_progress_bar = false")  # DuckDB's own bar would garble the CLI's
    for source in cfg.sources:
        sr = result.sources[source.name] = SourceResult()
        files = source_files(cfg, source)
        if not files:
            sr.errors.append(f"{source.name}: no file matches {cfg.resolve(source.path)}")
        for path in files:
            _ingest_one(con, cfg, source, path, result.load_id, sr, progress)
    return result


def _ingest_one(con, cfg, source, path, load_id, sr, progress) -> None:
    ref = FileRef(load_id, source.name, str(path), None)
    try:
        ref = FileRef(load_id, source.name, str(path), file_sha256(path))
        _load_file(con, cfg, source, path, ref, sr, progress)
    except (SourceError, OSError) as exc:
        if not isinstance(exc, SourceError):
            exc = SourceError(f"{path}: cannot read file: {exc}", reason="unreadable_file")
        sr.errors.append(str(exc))
        sr.quarantined.update(quarantine(con, ref, exc.problems()))
    finally:
        prepare.drop_temp(con)


def _load_file(
    con,
    cfg: SuaraConfig,
    source: SourceConfig,
    path: Path,
    ref: FileRef,
    sr: SourceResult,
    progress: Progress | None,
) -> None:
    key = [source.name, ref.file_hash]
    if con.execute("select 1 from ops.files where source = ? and file_hash = ?", key).fetchall():
        sr.files_skipped += 1
        return
    sr.files_read += 1
    if path.stat().st_size == 0 or not path.read_bytes()[:4096].strip():
        _commit_empty(con, ref, path, sr)
        return
    try:
        names, rejects = read_file(con, path, source.format, source.delimiter)
    except (duckdb.Error, UnicodeError) as exc:
        raise SourceError(
            f"{path}: cannot read {source.format} file: {exc}", reason="unreadable_file"
        ) from exc
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
    sr.pii_redacted.update(prepare.redact_columns(con, source, names))
    prepare.build_norm(con, source, names, prepare.customer_salt(cfg.ingest), cfg.ingest.keep_raw_text)
    prepare.build_staging(con, source, cfg.ingest.max_text_chars)
    prepare.redact_rejected_records(con)
    _commit_batches(con, cfg, ref, path, rejects, sr, progress)


def _commit_empty(con, ref: FileRef, path: Path, sr: SourceResult) -> None:
    with transaction(con):
        sr.quarantined.update(quarantine(con, ref, [Problem(None, None, "empty_file", None)]))
        _record_file(con, ref, path, 0)


def _record_file(con, ref: FileRef, path: Path, rows: int) -> None:
    con.execute(
        "insert into ops.files (file_hash, source, path, size_bytes, rows_read, load_id, loaded_at) "
        "values (?, ?, ?, ?, ?, ?, current_timestamp)",
        [ref.file_hash, ref.source, ref.path, path.stat().st_size, rows, ref.load_id],
    )
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


def _commit_batches(
    con,
    cfg: SuaraConfig,
    ref: FileRef,
    path: Path,
    rejects: list[Reject],
    sr: SourceResult,
    progress: Progress | None,
) -> None:
    found = con.execute(
        "select last_line from ops.file_progress where source = ? and file_hash = ?",
        [ref.source, ref.file_hash],
    ).fetchall()
    cursor = found[0][0] if found else 0
    total = con.execute(f"select count(*) from {prepare.STG}").fetchall()[0][0] + len(rejects)
    bounds = _batch_bounds(con, cursor, cfg.ingest.batch_rows)
    done = 0
    for i, (lo, hi) in enumerate(bounds):
        last = i == len(bounds) - 1
        with transaction(con):
            done += _commit_batch(con, ref, lo, hi, [r for r in rejects if lo < r.line <= hi], sr)
            if last:
                _record_file(con, ref, path, total)
            else:
                _advance_cursor(con, ref, int(hi))
        if progress:
            progress(f"ingest {ref.source}", done, total)
    sr.rows_read += done


def _advance_cursor(con, ref: FileRef, line: int) -> None:
    con.execute(
        "insert or replace into ops.file_progress values (?, ?, ?, ?, ?, current_timestamp)",
        [ref.source, ref.file_hash, ref.path, line, ref.load_id],
    )


def _commit_batch(con, ref: FileRef, lo: int, hi: float, rejects: list[Reject], sr: SourceResult) -> int:
    """Land, quarantine and merge the staging rows with ``lo < _line <= hi``; return the rows handled."""
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
    sr.quarantined.update(quarantine(con, ref, problems))
    _merge(con, ref, rng, sr)
    return landed + len(rejects)


def _merge(con, ref: FileRef, rng: dict, sr: SourceResult) -> None:
    """Insert new, update changed, count unchanged feedback rows of the batch."""
    con.execute(
        "create or replace temp table _ing_batch as select s.*, f.content_hash as old_hash "
        f"from {prepare.STG} s left join core.feedback f using (feedback_id) "
        "where s._line > $lo and s._line <= $hi and s.error_field is null",
        rng,
    )
    sr.superseded += con.execute("select count(*) from _ing_batch where superseded").fetchall()[0][0]
    sr.inserted += con.execute(
        f"insert into core.feedback ({_FEEDBACK_COLS}, first_load_id, last_load_id, ingested_at, updated_at) "
        f"select {_FEEDBACK_COLS.replace('source,', '$source as source,')}, $load, $load, current_timestamp, "
        "current_timestamp from _ing_batch where old_hash is null and not superseded",
        {"source": ref.source, "load": ref.load_id},
    ).fetchall()[0][0]
    sets = ", ".join(f"{c} = b.{c}" for c in _UPDATED_COLS)
    sr.updated += con.execute(
        f"update core.feedback f set {sets}, last_load_id = $load, updated_at = current_timestamp "
        "from _ing_batch b where f.feedback_id = b.feedback_id and not b.superseded "
        "and b.old_hash is not null and b.old_hash <> b.content_hash",
        {"load": ref.load_id},
    ).fetchall()[0][0]
    sr.unchanged += con.execute(
        "select count(*) from _ing_batch where not superseded and old_hash = content_hash"
    ).fetchall()[0][0]
    con.execute("drop table _ing_batch")
