"""Issue 2: a run killed mid-file (kill -9) is resumed by the next run: no duplicate, no lost row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from suara.flows.config import load_config
from suara.warehouse.db import connect
from suara.warehouse.load import ingest_sources

ROWS = 200_000
REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from pathlib import Path
from suara.flows.config import load_config
from suara.warehouse.db import connect
from suara.warehouse.load import ingest_sources
marker = Path(sys.argv[2])
def progress(step, done, total):
    marker.write_text(str(done))
cfg = load_config(sys.argv[1])
ingest_sources(connect(cfg.warehouse_path), cfg, progress)
marker.write_text("finished")
"""


def generate(path: Path) -> tuple[set[str], int]:
    """200k rows; every 1000th id repeats, every 997th row has NPS 11. Returns ids, quarantine entries.

    A repeated id quarantines the older row (``duplicate_id``); an NPS of 11 on a row that loads is
    NULLed with one ``field`` entry (issue 14).
    """
    rows: dict[str, tuple[int, int, int]] = {}
    dupes = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,text,at,nps\n")
        for i in range(ROWS):
            rid = f"r{i - 1 if i % 1000 == 999 else i}"
            nps = 11 if i % 997 == 0 else i % 11
            fh.write(f"{rid},komentar nomor {i} tentang pengiriman,2024-11-{1 + i % 28:02d} 10:00:00,{nps}\n")
            version = (1 + i % 28, i, nps)  # the latest date, then the last line, wins
            if rid in rows:
                dupes += 1
                version = max(version, rows[rid])
            rows[rid] = version
    return set(rows), dupes + sum(1 for _, _, nps in rows.values() if nps == 11)


def test_kill_mid_run_then_resume(tmp_path):
    ids, bad = generate(tmp_path / "big.csv")
    cfg_path = tmp_path / "suara.yaml"
    cfg_path.write_text(
        yaml.safe_dump(
            {
                "warehouse": {"path": "wh.duckdb"},
                "ingest": {"batch_rows": 4000},
                "sources": [
                    {
                        "name": "big",
                        "kind": "survey",
                        "path": "big.csv",
                        "columns": {"id": "id", "text": "text", "created_at": "at", "nps": "nps"},
                    }
                ],
            }
        )
    )
    marker = tmp_path / "progress"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(cfg_path), str(marker)], cwd=REPO)
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and child.poll() is None:
        text = marker.read_text() if marker.exists() else ""
        if text.isdigit() and int(text) >= 40_000:
            break
        time.sleep(0.01)
    assert child.poll() is None, "the loader finished before it could be killed; raise ROWS"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    cfg = load_config(cfg_path)
    con = connect(cfg.warehouse_path)
    partial = con.execute("select count(*) from core.feedback").fetchall()[0][0]
    cursor = con.execute("select last_line from ops.file_progress").fetchall()
    assert 0 < partial < len(ids) and cursor and cursor[0][0] > 0
    result = ingest_sources(con, cfg)
    assert result.sources["big"].files_read == 1
    count, distinct = con.execute("select count(*), count(distinct source_id) from core.feedback").fetchall()[
        0
    ]
    assert count == distinct == len(ids)
    assert con.execute("select count(*) from ops.quarantine").fetchall()[0][0] == bad
    landed = con.execute("select count(*), count(distinct row_number) from raw.landing").fetchall()[0]
    assert landed == (ROWS, ROWS)
    assert con.execute("select count(*) from ops.file_progress").fetchall()[0][0] == 0
    assert con.execute("select rows_read from ops.files").fetchall() == [(ROWS,)]
    con.close()
