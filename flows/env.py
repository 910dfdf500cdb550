"""Process environment for offline, local operation (Hugging Face offline, project-local Prefect)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

PARENT_ENV = "SUARA_PARENT_PID"
"""Set to the command's PID; the ephemeral Prefect API server it starts inherits it, so the next command can tell
a server whose command was killed (``kill -9``, the OOM killer, a scheduler's timeout) and stop it."""
SERVER_MARK = b"prefect.server.api.server"

OFFLINE_DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "TOKENIZERS_PARALLELISM": "false",
}


def prepare_environment(prefect_home: Path | None = None) -> None:
    """Set offline and Prefect defaults unless the user already set them.

    Args:
        prefect_home: folder for Prefect's local state; default ``~/.suara/prefect``.
    """
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
    home = os.environ.get("HOME")
    if not home or not Path(home).is_dir():
        os.environ["HOME"] = str(Path.cwd())
    default_home = Path(os.environ["HOME"]) / ".suara" / "prefect"
    os.environ.setdefault("PREFECT_HOME", str(prefect_home or default_home))
    # Prefect creates only the last folder of PREFECT_HOME; a missing parent breaks its database.
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    reap_orphaned_servers()
    os.environ[PARENT_ENV] = str(os.getpid())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _server_parent(pid_dir: Path) -> int | None:
    """The Suara command that started this process, when it is an ephemeral Prefect API server; else ``None``."""
    try:
        if SERVER_MARK not in (pid_dir / "cmdline").read_bytes():
            return None
        env = (pid_dir / "environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for entry in env:
        if entry.startswith(PARENT_ENV.encode() + b"="):
            value = entry.split(b"=", 1)[1]
            return int(value) if value.isdigit() else None
    return None


def reap_orphaned_servers(proc: Path = Path("/proc")) -> list[int]:
    """Stop ephemeral Prefect API servers whose Suara command is gone; return their PIDs.

    A ``suara`` command killed with SIGKILL cannot stop the server it started; the server carries the command's
    PID in ``SUARA_PARENT_PID``, so the next command finds it and sends it SIGTERM. Linux only (reads ``/proc``).
    """
    if not proc.is_dir():
        return []
    stopped = []
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit() or int(pid_dir.name) == os.getpid():
            continue
        parent = _server_parent(pid_dir)
        if parent is not None and not _alive(parent):
            try:
                os.kill(int(pid_dir.name), signal.SIGTERM)
                stopped.append(int(pid_dir.name))
            except OSError:
                pass
    return stopped
