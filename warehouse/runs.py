"""Recording runs in ``ops.runs``: status, counts, step timings, model versions, quality.

Every command and the nightly flow record their run through one context manager::

    with RunRecorder(cfg.warehouse_path, "enrich", on_failure=notify) as run:
        with run.step("enrich"):
            run.add("enrich", enrich_feedback(...))

A run is ``running`` while the block runs, then ``success``, ``degraded`` (a step called
:meth:`RunRecord.degrade` or returned ``status: degraded``) or ``failed`` (the block raised; the
original exception is stored once, as ``Type: message``, and re-raised). The warehouse is opened only
for these short writes, so the writer lock stays free while the steps run. When even the failure cannot
be written (another process holds the warehouse past the lock timeout), it is appended to a journal
beside the warehouse (:func:`journal_path`) and stored by the next run that opens it, so no run stays
``running`` for ever.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from suara.warehouse.db import open_warehouse, read_sql

STATUSES = ("running", "success", "degraded", "failed")
"""Values of ``ops.runs.status``: ``running`` -> ``success`` | ``degraded`` | ``failed``."""

_log = logging.getLogger("suara.runs")


@dataclass
class RunRecord:
    """What one run accumulates before it is written to ``ops.runs``."""

    run_id: str
    command: str
    counts: dict[str, object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    model_versions: dict[str, str] = field(default_factory=dict)
    quality: dict[str, object] = field(default_factory=dict)
    degraded: list[str] = field(default_factory=list)
    """Why the run is ``degraded`` (empty: it is not)."""

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time a step; its wall seconds land in ``timings[name]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)

    def add(self, name: str, counts: Mapping[str, object]) -> dict:
        """Store a step's counts under ``name``; return them without their ``model_versions``.

        A step reports the models it used as ``counts["model_versions"]`` (name -> model id) and a
        partial success as ``counts["status"] == "degraded"`` (``counts["degraded_reason"]`` says why).
        """
        counts = dict(counts)
        self.model_versions.update(counts.pop("model_versions", None) or {})
        if counts.get("status") == "degraded":
            self.degrade(str(counts.get("degraded_reason") or name))
        self.counts[name] = counts
        return counts

    def degrade(self, reason: str) -> None:
        """Mark the run ``degraded`` (it finished, but not everything it was asked to do)."""
        self.degraded.append(reason)

    @property
    def status(self) -> str:
        """The status a run ending now without an error gets."""
        return "degraded" if self.degraded else "success"


def error_text(error: BaseException) -> str:
    """The stored failure reason: the exception's type and message, once."""
    return f"{type(error).__name__}: {error}"


def start_run(con: duckdb.DuckDBPyConnection, command: str) -> RunRecord:
    """Insert a ``running`` row in ``ops.runs`` and return its record."""
    run = RunRecord(run_id=uuid.uuid4().hex[:16], command=command)
    con.execute(read_sql("ops/run_start.sql"), {"run_id": run.run_id, "command": command})
    return run


def _dump(value: dict) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def finish_run(con: duckdb.DuckDBPyConnection, run: RunRecord, error: BaseException | str | None = None) -> None:
    """Store a run's figures with its status: ``failed`` (with ``error``), else ``degraded`` or ``success``.

    ``error`` is the exception, or its stored text (a failure replayed from the journal).
    """
    if isinstance(error, BaseException):
        error = error_text(error)
    if run.degraded:
        run.quality["degraded"] = list(run.degraded)
    con.execute(read_sql("ops/run_finish.sql"), {
        "run_id": run.run_id,
        "status": "failed" if error is not None else run.status,
        "counts": _dump(run.counts),
        "timings": _dump(run.timings),
        "model_versions": _dump(run.model_versions),
        "quality": _dump(run.quality),
        "error": error,
    })


def journal_path(warehouse_path: Path | str) -> Path:
    """Where failures that could not be written to ``ops.runs`` wait for the next run (one JSON per line)."""
    path = Path(warehouse_path)
    return path.with_name(path.name + ".unrecorded-runs.jsonl")


def _journal_failure(warehouse_path: Path | str, run: RunRecord, error: BaseException) -> Path:
    """Append a failed run the warehouse could not take to the journal; returns its path."""
    record = {"run_id": run.run_id, "command": run.command, "counts": run.counts, "timings": run.timings,
              "model_versions": run.model_versions, "quality": run.quality, "degraded": run.degraded,
              "error": error_text(error) + " (recorded late: the warehouse was locked when the run failed)"}
    path = journal_path(warehouse_path)
    with path.open("a", encoding="utf-8") as out:
        out.write(_dump(record) + "\n")
    return path


def replay_journal(con: duckdb.DuckDBPyConnection, warehouse_path: Path | str) -> int:
    """Store the journal's failed runs in ``ops.runs`` (as ``failed``), remove it; returns how many."""
    path = journal_path(warehouse_path)
    if not path.exists():
        return 0
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        record = json.loads(line)
        run = RunRecord(record["run_id"], record["command"], record["counts"], record["timings"],
                        record["model_versions"], record["quality"], record["degraded"])
        finish_run(con, run, record["error"])
    path.unlink()
    return len(lines)


class RunRecorder:
    """Context manager that records one run of ``command`` in the warehouse's ``ops.runs``.

    Args:
        warehouse_path: the DuckDB file; opened briefly at the start, at :meth:`save` and at the end.
        command: what ran (``nightly``, ``enrich --rescore``, ...).
        on_failure: called with the record and the exception when the block raises (after the
            failure is stored; e.g. a webhook); its own errors are logged, never raised.
        before_finish: called with an open connection and the record each time a successful run is
            stored (e.g. to add quality figures).
        lock_timeout_s: how long to wait for another process's lock on the warehouse (default: db's).
    """

    def __init__(
        self,
        warehouse_path: Path | str,
        command: str,
        *,
        on_failure: Callable[[RunRecord, BaseException], object] | None = None,
        before_finish: Callable[[duckdb.DuckDBPyConnection, RunRecord], object] | None = None,
        lock_timeout_s: float | None = None,
    ) -> None:
        self.path, self.command, self.lock_timeout_s = warehouse_path, command, lock_timeout_s
        self.on_failure, self.before_finish = on_failure, before_finish
        self.run: RunRecord | None = None

    def _open(self):
        if self.lock_timeout_s is None:
            return open_warehouse(self.path)
        return open_warehouse(self.path, self.lock_timeout_s)

    def __enter__(self) -> RunRecord:
        with self._open() as con:
            replay_journal(con, self.path)
            self.run = start_run(con, self.command)
        return self.run

    def save(self) -> None:
        """Store the figures so far with the status the run would end with (e.g. before a snapshot)."""
        with self._open() as con:
            if self.before_finish is not None:
                self.before_finish(con, self.run)
            finish_run(con, self.run)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None:
            self.save()
            return False
        self._record_failure(exc)
        return False  # the original exception propagates unchanged

    def _record_failure(self, exc: BaseException) -> None:
        # Best effort: the step's own error is what matters, so bookkeeping errors are only logged.
        try:
            with self._open() as con:
                finish_run(con, self.run, exc)
        except Exception as why:  # noqa: BLE001
            try:
                path = _journal_failure(self.path, self.run, exc)
                _log.warning("could not record the failure of run %s (%s); kept in %s for the next run",
                             self.run.run_id, why, path)
            except OSError:
                _log.exception("could not record the failure of run %s", self.run.run_id)
        if self.on_failure is not None:
            try:
                self.on_failure(self.run, exc)
            except Exception:  # noqa: BLE001
                _log.exception("failure hook of run %s raised", self.run.run_id)
