"""Issue 6: enrichment killed with kill -9 mid-run is completed by the next run: no duplicate, no lost row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse

from tests.warehouse.test_enrich import add_feedback

CHILD = """
import sys
from suara.flows.config import SuaraConfig
from suara.warehouse.db import connect
from suara.warehouse.enrich import enrich_feedback
cfg = SuaraConfig.model_validate_json(sys.argv[1])
def progress(step, done, total):
    print(done, flush=True)
enrich_feedback(connect(cfg.warehouse_path), cfg, progress=progress)
print("finished", flush=True)
"""

SUBJECTS = ["pengiriman", "checkout", "aplikasi", "refund", "kurir", "voucher", "the app", "delivery"]
VERDICTS = ["bagus bgt", "lambat banget", "error terus", "was great", "took forever", "ok lah"]


def _rows(n: int) -> list[tuple[str, str]]:
    return [
        (f"f{i:04d}", f"{SUBJECTS[i % len(SUBJECTS)]} {VERDICTS[i % len(VERDICTS)]} (nomor {i})") for i in range(n)
    ]


@pytest.mark.slow
def test_enrichment_killed_mid_run_resumes_without_duplicates(tmp_path):
    rows = _rows(120)
    config = SuaraConfig(base_dir=tmp_path, warehouse={"path": "wh.duckdb"}, enrich={"batch_rows": 10})
    with open_warehouse(config.warehouse_path) as con:
        add_feedback(con, rows)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, config.model_dump_json()],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    committed = 0
    deadline = time.time() + 400
    while time.time() < deadline:
        line = child.stdout.readline().strip()
        assert line != "finished", "the run ended before it could be killed"
        if line.isdigit():
            committed = int(line)
        if committed >= 30:  # three batches committed, the rest still to do
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert 30 <= committed < len(rows)

    from suara.warehouse.enrich import enrich_feedback
    from suara.warehouse.models import load_models

    embedder, sentiment = load_models(config)
    with open_warehouse(config.warehouse_path) as con:
        done_before = con.execute("select count(*) from core.enrichment").fetchall()[0][0]
        assert done_before >= committed  # every reported batch survived the kill
        resumed = enrich_feedback(con, config, embedder=embedder, sentiment=sentiment)
        assert resumed["rows_enriched"] == len(rows) - done_before
        total, distinct = con.execute(
            "select count(*), count(distinct feedback_id) from core.enrichment"
        ).fetchall()[0]
        vectors, distinct_vectors = con.execute(
            "select count(*), count(distinct (text_hash, model_id)) from core.embeddings"
        ).fetchall()[0]
        assert total == distinct == len(rows)
        assert vectors == distinct_vectors == len(rows)
        assert enrich_feedback(con, config, embedder=embedder, sentiment=sentiment)["rows_enriched"] == 0
