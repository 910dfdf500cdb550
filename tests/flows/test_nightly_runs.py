"""Issue 10: the nightly flow records its run once, with the original failure reason, and notifies."""

from __future__ import annotations

import json
import threading
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from suara.flows.config import SuaraConfig
from suara.warehouse.db import connect, open_warehouse
from suara.warehouse.runs import RunRecorder


@pytest.fixture
def webhook():
    """A local HTTP endpoint; yields its URL and the JSON bodies it received."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()


def _runs(path) -> list[tuple]:
    with open_warehouse(path) as con:
        return con.execute(
            "select command, status, error, model_versions from ops.runs order by started_at"
        ).fetchall()


def test_failed_nightly_run_stores_the_original_reason_once_and_calls_the_webhook(
    prefect_harness, tmp_path, webhook, monkeypatch
):
    from suara.flows.nightly import nightly_flow

    url, received = webhook
    monkeypatch.delenv("SUARA_WEBHOOK_URL", raising=False)
    # No sources (nothing to ingest or enrich), and a journey file that does not exist: linking fails.
    config = SuaraConfig(
        base_dir=tmp_path, warehouse={"path": "wh.duckdb"}, journey="missing-journey.yaml",
        notify={"webhook_url": url},
    )
    with pytest.raises(Exception) as caught:
        nightly_flow(config)

    original = f"{type(caught.value).__name__}: {caught.value}"
    assert "missing-journey.yaml" in original
    [(command, status, error, _)] = _runs(config.warehouse_path)
    assert (command, status) == ("nightly", "failed")
    assert error == original
    assert error.count(type(caught.value).__name__) == 1 and not error.startswith("RuntimeError")
    [posted] = received
    assert posted["event"] == "run_failed" and "missing-journey.yaml" in posted["error"]


def test_recorder_stores_a_status_the_step_sets(tmp_path):
    path = tmp_path / "wh.duckdb"
    connect(path).close()
    with RunRecorder(path, "ingest") as run:
        run.add("ingest", {"rows": 3, "status": "degraded", "degraded_reason": "source b loaded nothing",
                           "model_versions": {"embeddings": "e5@x"}})
    with RunRecorder(path, "enrich") as ok:
        ok.add("enrich", {"rows": 1})
    with open_warehouse(path) as con:
        rows = con.execute(
            "select run_id, status, counts, model_versions, quality, error from ops.runs order by started_at"
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(run.run_id, "degraded"), (ok.run_id, "success")]
    assert json.loads(rows[0][2])["ingest"]["rows"] == 3
    assert json.loads(rows[0][3]) == {"embeddings": "e5@x"}
    assert json.loads(rows[0][4])["degraded"] == ["source b loaded nothing"]
    assert rows[0][5] is None and rows[1][5] is None


def test_recorder_reraises_the_original_exception_unchanged(tmp_path):
    path = tmp_path / "wh.duckdb"
    error = ValueError("bad row 7")
    with pytest.raises(ValueError) as caught, RunRecorder(path, "ingest"):
        raise error
    assert caught.value is error
    [(_, status, stored, _)] = _runs(path)
    assert (status, stored) == ("failed", "ValueError: bad row 7")


def test_a_failure_the_locked_warehouse_refused_is_stored_by_the_next_run(tmp_path):
    from tests.warehouse.test_lock import reader

    path = tmp_path / "wh.duckdb"
    connect(path).close()
    with ExitStack() as notebook:
        with pytest.raises(ValueError), RunRecorder(path, "ingest", lock_timeout_s=1.0) as run:
            run.add("ingest", {"rows": 2})
            notebook.enter_context(reader(path, 60))  # an analyst's notebook holds the file when the step fails
            raise ValueError("bad row 7")
        [(_, status, _, _)] = _runs_read_only(path)
        assert status == "running"  # the failure could not be written ...
    with RunRecorder(path, "enrich") as ok:  # ... and the next run stores it
        pass
    with open_warehouse(path) as con:
        rows = con.execute("select run_id, status, error, counts from ops.runs order by started_at").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(run.run_id, "failed"), (ok.run_id, "success")]
    assert rows[0][2].startswith("ValueError: bad row 7") and "locked" in rows[0][2]
    assert json.loads(rows[0][3]) == {"ingest": {"rows": 2}}


def _runs_read_only(path) -> list[tuple]:
    con = connect(path, read_only=True)
    try:
        return con.execute("select command, status, error, model_versions from ops.runs").fetchall()
    finally:
        con.close()
