"""PostgreSQL sources (issue 14) against a real server this test starts itself.

Debian's ``postgresql`` binaries (``initdb``, ``pg_ctl``), a throwaway data directory and a loopback
port; skipped with a reason only when the binaries are missing. As root the server runs as the
``postgres`` user (PostgreSQL refuses root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from suara.flows.config import load_config
from suara.warehouse.load import ingest_sources

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'psycopg[binary]')")


def _binary(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_dsn():
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql to run this test")
    prefix: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="suara-pg-"))
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: PostgreSQL cannot be started as root")
        prefix = ["runuser", "-u", "postgres", "--"]
        root.chmod(0o755)
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "suara"], check=True, capture_output=True)
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    subprocess.run([*prefix, pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://suara@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_postgres_table_with_cursor(pg_dsn, fresh_db, tmp_path, monkeypatch):
    with psycopg.connect(pg_dsn, autocommit=True) as pg:
        pg.execute("drop table if exists tickets")
        pg.execute("create table tickets (ticket_id bigint, body text, opened_at timestamptz, "
                   "changed_at timestamptz, csat numeric)")
        pg.execute("insert into tickets values (1, 'Refund belum masuk', '2026-10-01 02:00+00', "
                   "'2026-10-01 02:00+00', 5), (2, 'Aplikasi crash, wa 081234567890', '2026-10-02 03:00+00', "
                   "'2026-10-02 03:00+00', 4.5)")
    monkeypatch.setenv("SUARA_TEST_PG", pg_dsn)
    source = {"name": "tickets", "kind": "ticket", "path": "-", "format": "postgres", "dsn_env": "SUARA_TEST_PG",
              "table": "tickets", "cursor": "changed_at",
              "columns": {"id": "ticket_id", "text": "body", "created_at": "opened_at", "csat": "csat"}}
    (tmp_path / "suara.yaml").write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    cfg = load_config(tmp_path / "suara.yaml")
    first = ingest_sources(fresh_db, cfg)
    [f] = first.sources["tickets"].files
    assert (f.status, f.rows_read, f.inserted) == ("loaded", 2, 2), f.error
    rows = fresh_db.execute("select source_id, text, created_at::varchar, csat from core.feedback order by 1")
    assert rows.fetchall() == [
        ("1", "Refund belum masuk", "2026-10-01 02:00:00", 5),
        ("2", "Aplikasi crash, wa [PHONE]", "2026-10-02 03:00:00", None),  # 4.5: NULLed, kind field
    ]
    with psycopg.connect(pg_dsn, autocommit=True) as pg:
        pg.execute("insert into tickets values (3, 'Kurir ramah', '2026-10-03 04:00+00', '2026-10-03 04:00+00', 5)")
    again = ingest_sources(fresh_db, cfg)
    [g] = again.sources["tickets"].files
    assert (g.rows_read, g.inserted) == (1, 1)  # only the row after the stored cursor
    assert fresh_db.execute("select count(*) from core.feedback").fetchall()[0][0] == 3


def test_unreachable_postgres_is_a_failed_source_not_a_crash(fresh_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SUARA_TEST_PG", f"postgresql://nobody@127.0.0.1:{_free_port()}/x?connect_timeout=2")
    source = {"name": "pg", "kind": "ticket", "path": "-", "format": "postgres", "dsn_env": "SUARA_TEST_PG",
              "query": "select 1", "columns": {"id": "a", "text": "b", "created_at": "c"}}
    (tmp_path / "suara.yaml").write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    result = ingest_sources(fresh_db, load_config(tmp_path / "suara.yaml"))
    assert result.sources["pg"].files_failed == 1 and result.as_dict()["status"] == "degraded"
