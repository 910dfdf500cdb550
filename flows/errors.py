"""User mistakes end in one or two lines and a documented exit code; tracebacks only with ``suara --debug``.

Exit codes (README "Commands"): 0 success, 2 usage or config error, 3 degraded run, 4 warehouse locked,
1 any other failure.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

EXIT_FAILURE, EXIT_USAGE, EXIT_DEGRADED, EXIT_LOCKED = 1, 2, 3, 4
_state = {"debug": False}


class UsageError(Exception):
    """A mistake in how Suara was called or configured; the message names the file, key or path and what to do."""


def set_debug(on: bool) -> None:
    """Show full tracebacks (``--debug``) or one line per error (default)."""
    _state["debug"] = on


def debug() -> bool:
    """Whether ``--debug`` was given."""
    return _state["debug"]


def exit_code(exc: BaseException) -> int | None:
    """The documented exit code of a user-facing error, or ``None`` for a bug (which keeps its traceback)."""
    from suara.flows.config import ConfigError
    from suara.warehouse.db import WarehouseLocked
    from suara.warehouse.privacy import SaltError

    if isinstance(exc, WarehouseLocked):
        return EXIT_LOCKED
    if isinstance(exc, ConfigError | UsageError | SaltError):
        return EXIT_USAGE
    return None


def environment_failure(exc: BaseException) -> str | None:
    """A one-line reason for a failure of the machine around Suara (not a bug, not a user mistake), else ``None``.

    Today: the local Prefect API server that every flow starts did not come up (an overloaded machine, or
    another process holding its port); the run did nothing and exits 1, so a scheduler retries it.
    """
    if isinstance(exc, RuntimeError) and "ephemeral Prefect API" in str(exc):
        timeout = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "?")
        return (f"the local Prefect API server did not start within {timeout} s (PREFECT_SERVER_EPHEMERAL_STARTUP_"
                f"TIMEOUT_SECONDS); nothing was run. Run again, or point PREFECT_API_URL at a running "
                f"`prefect server start`; --debug shows Prefect's traceback")
    return None


def retry_unless_final(task, task_run, state) -> bool:
    """Prefect ``retry_condition_fn``: retry I/O hiccups, never a user mistake or a locked warehouse.

    A locked warehouse has already been waited for (``warehouse.lock_timeout_s``); retrying would multiply
    the wait, and no retry fixes a config.
    """
    exc = getattr(state, "data", None)
    return not (isinstance(exc, BaseException) and exit_code(exc) is not None)


class _NoTraceback(logging.Filter):
    """Drop the traceback of Prefect's "task/flow run failed" log lines; the CLI prints the one-line reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


def quiet_prefect_tracebacks() -> None:
    """Unless ``--debug``: Prefect's run loggers keep their messages but not their tracebacks."""
    if debug():
        return
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTraceback) for f in logger.filters):
            logger.addFilter(_NoTraceback())


def check_paths(cfg, *, packaged_defaults: Path) -> None:
    """Refuse, before anything runs, a config that would write where it must not or cannot.

    Args:
        cfg: the loaded :class:`suara.flows.config.SuaraConfig`.
        packaged_defaults: folder of the shipped configs; nothing is ever written there.

    Raises:
        UsageError: the config is the packaged default, or the warehouse or report path is unusable.
    """
    if cfg.base_dir.resolve() == packaged_defaults.resolve():
        raise UsageError(
            "no --config given, and Suara never writes inside its installation: copy configs/suara.yaml next to "
            "your exports, add `sources:` (README: \"Point it at your own data\") and pass --config, "
            "or try `suara demo`")
    _check_file_target(cfg.warehouse_path, "warehouse.path (or --warehouse)")
    out = cfg.resolve(cfg.report.output_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: report.output_dir is a file; point it at a folder")


def _check_file_target(path: Path, key: str) -> None:
    if path.is_dir():
        raise UsageError(f"{path}: {key} is a folder; point it at a file such as {path / 'suara.duckdb'}")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise UsageError(f"{path}: {key} is under {folder}, which is a file, not a folder")
    if path.exists() and not _writable(path) or not path.exists() and not _writable(folder):
        raise UsageError(f"{path}: {key} is not writable by this user; choose a writable place")


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def check_sources(cfg, config: Path | None) -> None:
    """A run or ingest with no sources configured is a usage error naming the config it read.

    Raises:
        UsageError: ``cfg.sources`` is empty.
    """
    if not cfg.sources:
        raise UsageError(
            f"{config}: no sources configured; add `sources:` (README: \"Point it at your own data\"), "
            "or try `suara demo` for a ready-made example")
