"""Recording runs in ``ops.runs``: status, counts, step timings, model versions, quality."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb


@dataclass
class RunRecord:
    """What one run accumulates before it is written to ``ops.runs``."""

    run_id: str
    command: str
    counts: dict[str, object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    model_versions: dict[str, str] = field(default_factory=dict)
    quality: dict[str, object] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time a step; its wall seconds land in ``timings[name]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)


def start_run(con: duckdb.DuckDBPyConnection, command: str) -> RunRecord:
    """Insert a ``running`` row in ``ops.runs`` and return its record."""
    run = RunRecord(run_id=uuid.uuid4().hex[:16], command=command)
    con.execute(
        "insert into ops.runs (run_id, command, started_at, status) values (?, ?, current_timestamp, 'running')",
        [run.run_id, command],
    )
    return run


def _dump(value: dict) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def finish_run(con: duckdb.DuckDBPyConnection, run: RunRecord, error: BaseException | None = None) -> None:
    """Mark a run ``success`` (or ``failed`` with the error's message) and store its figures."""
    con.execute(
        "update ops.runs set finished_at = current_timestamp, status = ?, counts = ?, timings = ?, "
        "model_versions = ?, quality = ?, error = ? where run_id = ?",
        [
            "failed" if error else "success",
            _dump(run.counts),
            _dump(run.timings),
            _dump(run.model_versions),
            _dump(run.quality),
            f"{type(error).__name__}: {error}" if error else None,
            run.run_id,
        ],
    )
