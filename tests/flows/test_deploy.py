"""Issue 6: `suara serve` runs the nightly flow on a cron schedule against a real Prefect server on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
import yaml
from suara.flows.config import load_config
from suara.flows.deploy import DEPLOYMENT_NAME, nightly_deployment


def test_deployment_takes_cron_timezone_and_config_from_the_config(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("schedule: {cron: '30 1 * * 1-5', timezone: Europe/Amsterdam}\n")
    deployment = nightly_deployment(load_config(path), path)
    assert deployment.name == DEPLOYMENT_NAME
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "30 1 * * 1-5"
    assert schedule.schedule.timezone == "Europe/Amsterdam"
    assert deployment.parameters == {"config_path": str(path.resolve())}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(api: str, proc: subprocess.Popen, seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        assert proc.poll() is None, "prefect server exited"
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise AssertionError("prefect server did not become healthy")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
def test_served_deployment_runs_the_demo_nightly_flow_on_schedule(tmp_path):
    from suara.flows.demo import build_demo

    _, cfg = build_demo(tmp_path / "demo", items=300, seed=3)
    config_path = tmp_path / "demo" / "suara.yaml"
    data = yaml.safe_load(config_path.read_text())
    data["schedule"] = {"cron": "* * * * *", "timezone": "UTC"}  # every minute, so the test need not wait for 02:00
    config_path.write_text(yaml.safe_dump(data))

    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_RUNNER_POLL_FREQUENCY": "5",
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [str(bin_dir / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    serve = None
    try:
        _wait_healthy(api, server, 120)
        serve_log = (tmp_path / "serve.log").open("w")
        serve = subprocess.Popen(
            [str(bin_dir / "suara"), "serve", "--config", str(config_path)],
            env={**env, "PREFECT_API_URL": api}, stdout=serve_log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 420
        done = None
        while time.time() < deadline and done is None:
            time.sleep(5)
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            if cfg.snapshot_path.exists():
                con = duckdb.connect(str(cfg.snapshot_path), read_only=True)
                done = con.execute(
                    "select status, command from ops.runs where status = 'success'"
                ).fetchall() or None
                con.close()
        assert done, (tmp_path / "serve.log").read_text()[-3000:]
        assert done[0][1] == "nightly"
    finally:
        if serve is not None:
            _stop(serve)  # stop the runner before the server it talks to
        _stop(server)
