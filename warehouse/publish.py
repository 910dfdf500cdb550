"""Publishing a consistent read-only snapshot of the warehouse for analysts.

DuckDB lets one process write a file and, while it does, no other process may
open it at all. Analysts therefore query a snapshot: after each successful run
the job checkpoints the warehouse, copies it to a temporary file beside the
snapshot and atomically renames it into place. A reader either sees the whole
previous run or the whole new one; connections already open keep reading the
file they opened.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb
from suara.warehouse.db import DEFAULT_LOCK_TIMEOUT_S, wait_for_lock


def publish_snapshot(warehouse: Path, snapshot: Path, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Path:
    """Copy a closed, checkpointed warehouse to ``snapshot`` atomically.

    Args:
        warehouse: the job's DuckDB file; no connection to it may be open in this process.
        snapshot: where analysts read; replaced in one ``rename``.
        lock_timeout_s: how long to wait while another process holds the warehouse.

    Returns:
        The snapshot path.
    """
    con = wait_for_lock(lambda: duckdb.connect(str(warehouse)), warehouse, lock_timeout_s)
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    tmp = snapshot.with_name(f".{snapshot.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.copyfile(warehouse, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, snapshot)
    finally:
        tmp.unlink(missing_ok=True)
    return snapshot


def open_snapshot(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """Open the analysts' snapshot read-only (never blocks, and is never blocked by, the nightly job)."""
    return duckdb.connect(str(snapshot), read_only=True)
