"""A `suara` command killed with SIGKILL leaves its ephemeral Prefect API server behind; the next one stops it
(issue 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from suara.flows.env import PARENT_ENV, SERVER_MARK, reap_orphaned_servers

CHILD = """
from suara.flows.env import prepare_environment
prepare_environment()
from prefect import flow

@flow
def hello():
    return 1

hello()
print("ready", flush=True)
import time
time.sleep(600)
"""


def _servers_of(parent: int) -> list[int]:
    found = []
    for pid_dir in Path("/proc").iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            if SERVER_MARK in (pid_dir / "cmdline").read_bytes() and \
                    f"{PARENT_ENV}={parent}".encode() in (pid_dir / "environ").read_bytes().split(b"\0"):
                found.append(int(pid_dir.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")
def test_kill_9_leaves_a_server_the_next_command_stops(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.pop(PARENT_ENV, None)
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        servers = _servers_of(child.pid)
        assert servers, "the command started no ephemeral server"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        time.sleep(1)
        assert all(Path(f"/proc/{pid}").exists() for pid in servers)  # orphaned, still running
        assert set(reap_orphaned_servers()) >= set(servers)
        deadline = time.time() + 30
        while time.time() < deadline and any(Path(f"/proc/{pid}/cmdline").exists() and
                                             Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
                                             for pid in servers):
            time.sleep(0.5)
        assert not _servers_of(child.pid)
    finally:
        if child.poll() is None:
            child.kill()
