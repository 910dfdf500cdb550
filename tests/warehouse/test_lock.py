"""Issue 15: a reader holding the warehouse (another process) never breaks a step: wait, retry, or fail cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from suara.warehouse.db import WarehouseLocked, connect, open_warehouse

HOLDER = """
import sys, time, duckdb
path, hold = sys.argv[1], float(sys.argv[2])
while True:
    try:
        con = duckdb.connect(path, read_only=True)
        break
    except duckdb.Error:
        time.sleep(0.05)
print("held", flush=True)
time.sleep(hold)
con.close()
"""


@contextmanager
def reader(path: Path, hold_s: float):
    """A second process holding a read-only connection for ``hold_s`` seconds (an analyst's notebook)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(hold_s)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "wh.duckdb"
    connect(path).close()
    return path


def test_waits_for_a_reader_then_opens(warehouse):
    with reader(warehouse, 2.0):
        start = time.monotonic()
        with open_warehouse(warehouse, lock_timeout_s=60) as con:
            waited = time.monotonic() - start
            assert con.execute("select count(*) from ops.runs").fetchone() == (0,)
    assert 1.0 < waited < 30


def test_gives_up_after_the_timeout_naming_the_holder(warehouse):
    with reader(warehouse, 60) as proc:
        start = time.monotonic()
        with pytest.raises(WarehouseLocked) as info:
            connect(warehouse, lock_timeout_s=1.5)
        waited = time.monotonic() - start
    assert 1.0 < waited < 10
    message = str(info.value)
    assert f"PID {proc.pid}" in message and "snapshot" in message and str(warehouse) in message
    assert "\n" not in message


def _config(tmp_path: Path, lock_timeout_s: float) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text("id,text,at\n1,kurir ramah,2024-11-01\n2,refund lama,2024-11-02\n")
    cfg = tmp_path / "suara.yaml"
    cfg.write_text(yaml.safe_dump({
        "warehouse": {"path": "wh.duckdb", "lock_timeout_s": lock_timeout_s},
        "sources": [{"name": "s", "kind": "survey", "path": "in/*.csv",
                     "columns": {"id": "id", "text": "text", "created_at": "at"}}],
    }))
    return cfg


def _reader_at_second_open(monkeypatch, warehouse: Path, hold_s: float, started: list) -> None:
    """Start a reader right after the flow's first step closed the warehouse (a step boundary)."""
    import suara.warehouse.db as db

    real = db.connect
    calls = []

    def spying(path=":memory:", *args, **kwargs):
        if Path(path) == warehouse:
            calls.append(path)
            if len(calls) == 2:  # the first open (run record) has closed: a reader slips in
                started.append(reader(warehouse, hold_s))
                started[-1].__enter__()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(db, "connect", spying)


def test_run_survives_a_reader_across_a_step_boundary(prefect_harness, tmp_path, monkeypatch):
    from suara.flows.config import load_config
    from suara.flows.ingest import ingest_flow

    cfg = load_config(_config(tmp_path, 60))
    started: list = []
    _reader_at_second_open(monkeypatch, cfg.warehouse_path, 3.0, started)
    try:
        result = ingest_flow(cfg)
    finally:
        for ctx in started:
            ctx.__exit__(None, None, None)
    assert started and result["inserted"] == 2
    with open_warehouse(cfg.warehouse_path) as con:
        assert con.execute("select status from ops.runs").fetchall() == [("success",)]


def test_reader_past_the_timeout_fails_the_run_cleanly(prefect_harness, tmp_path, monkeypatch):
    import suara.flows.ingest as ingest_mod
    from suara.flows.config import load_config

    # No Prefect retry of a locked step (it already waited): a retry 5 s later would find the reader gone and succeed.
    cfg = load_config(_config(tmp_path, 4))
    started: list = []
    # Held past the step's 4 s timeout but released within the failure recorder's own 4 s wait.
    _reader_at_second_open(monkeypatch, cfg.warehouse_path, 6.0, started)
    try:
        with pytest.raises(WarehouseLocked):
            ingest_mod.ingest_flow(cfg)
    finally:
        for ctx in started:
            ctx.__exit__(None, None, None)
    with open_warehouse(cfg.warehouse_path) as con:
        rows = con.execute("select status, error from ops.runs").fetchall()
    assert len(rows) == 1 and rows[0][0] == "failed" and "WarehouseLocked" in rows[0][1], rows


def test_cli_exits_4_with_one_line_when_locked(tmp_path):
    cfg = _config(tmp_path, 1)
    connect(tmp_path / "wh.duckdb").close()
    suara = Path(sys.executable).with_name("suara")
    with reader(tmp_path / "wh.duckdb", 120) as proc:
        done = subprocess.run([str(suara), "ingest", "--config", str(cfg)], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 4, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"PID {proc.pid}" in errors[0] and "snapshot" in errors[0]
    # Prefect's run logs may precede it, without their tracebacks (those only with --debug); the last word is ours.
    assert done.stderr.strip().splitlines()[-1] == errors[0] and "Traceback" not in done.stderr
