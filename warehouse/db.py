"""DuckDB connections and versioned schema migrations.

Migrations are the ``warehouse/schema/NNN_name.sql`` files, applied in order of
their number and recorded in ``ops.schema_migrations`` so that an existing
warehouse upgrades in place.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

SCHEMA_DIR = Path(__file__).parent / "schema"
DEFAULT_LOCK_TIMEOUT_S = 180.0
"""How long a step waits for another process to release the warehouse before giving up (``WarehouseConfig``)."""
_LOCK_ERRORS = ("Conflicting lock is held", "Could not set lock")
_HOLDER = re.compile(r"lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


class WarehouseLocked(RuntimeError):
    """Another process held the warehouse for longer than the lock timeout; the CLI exits with code 4."""

    def __init__(self, path: Path | str, waited_s: float, holder: str) -> None:
        """Build the one-line message naming the file, the holder and what to do."""
        self.path, self.waited_s, self.holder = Path(path), waited_s, holder
        snapshot = self.path.with_name(f"{self.path.stem}.snapshot{self.path.suffix}")
        super().__init__(
            f"{path}: warehouse locked by {holder} for over {waited_s:g}s (warehouse.lock_timeout_s); "
            f"stop that process or retry later. Analysts: query the snapshot ({snapshot.name} by default), "
            "never the live warehouse."
        )


def is_lock_error(exc: BaseException) -> bool:
    """True when a DuckDB error says another process holds the file's lock."""
    return isinstance(exc, duckdb.Error) and any(text in str(exc) for text in _LOCK_ERRORS)


def lock_holder(exc: BaseException) -> str:
    """Who holds the lock, from DuckDB's message (``PID 1234 (/usr/bin/python3)``), or ``another process``."""
    match = _HOLDER.search(str(exc))
    return f"PID {match['pid']} ({match['exe']})" if match else "another process"
SQL_DIR = Path(__file__).parent / "sql"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def _ensure_home() -> None:
    # DuckDB needs an existing $HOME for its extension directory.
    home = os.environ.get("HOME")
    if not home or not Path(home).is_dir():
        os.environ["HOME"] = str(Path.cwd())


def connect(
    path: Path | str = ":memory:", *, read_only: bool = False, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB connection; a file warehouse is created (with its folder) and migrated.

    Args:
        path: database file or ``":memory:"``.
        read_only: open without write access (no migrations are applied).
        lock_timeout_s: how long to wait while another process holds the file (see :func:`wait_for_lock`).

    Raises:
        WarehouseLocked: another process still held the file after ``lock_timeout_s``.
    """
    _ensure_home()
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = wait_for_lock(lambda: duckdb.connect(str(path), read_only=read_only), path, lock_timeout_s)
    if not read_only:
        migrate(con)
    return con


def wait_for_lock(
    open_: Callable[[], duckdb.DuckDBPyConnection], path: Path | str, timeout_s: float,
    *, log: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Call ``open_`` until it stops failing on DuckDB's file lock, backing off up to ``timeout_s`` seconds.

    DuckDB lets one process open a file for writing and, while any other process (even a read-only
    reader) has it open, refuses at once; a reader between two nightly steps must not fail the run.

    Raises:
        WarehouseLocked: the lock was still held after ``timeout_s`` (names the holder's PID).
    """
    start = time.monotonic()
    delay, warned = 0.25, False
    while True:
        try:
            return open_()
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise
            left = timeout_s - (time.monotonic() - start)
            if left <= 0:
                raise WarehouseLocked(path, timeout_s, lock_holder(exc)) from exc
            if not warned:
                (log or _warn)(f"{path}: locked by {lock_holder(exc)}; waiting up to {timeout_s:g}s")
                warned = True
            time.sleep(min(delay, left))
            delay = min(delay * 2, 5.0)


def _warn(message: str) -> None:
    logging.getLogger("suara.warehouse").warning(message)


@contextmanager
def open_warehouse(
    path: Path | str, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Context manager around :func:`connect` that always closes the connection.

    Raises:
        WarehouseLocked: another process held the file for longer than ``lock_timeout_s``.
    """
    con = connect(path, lock_timeout_s=lock_timeout_s)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: object) -> Iterator[None]:
    """Expose an Arrow table (or pandas frame) to SQL as ``name`` while the block runs."""
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction: committed when it ends, rolled back (and re-raised) on any error."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass  # the error already ended the transaction
        raise
    con.execute("commit")


def migrations() -> list[tuple[int, str, Path]]:
    """The schema migrations shipped with Suara, as ``(version, name, file)`` in order."""
    found = []
    for file in SCHEMA_DIR.glob("*.sql"):
        match = _MIGRATION_NAME.match(file.name)
        if not match:
            raise ValueError(f"{file}: migration files are named NNN_snake_case.sql")
        found.append((int(match.group(1)), match.group(2), file))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration numbers in {SCHEMA_DIR}")
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions already recorded in ``ops.schema_migrations``."""
    con.execute("create schema if not exists ops")
    con.execute(
        "create table if not exists ops.schema_migrations ("
        "version integer primary key, name varchar not null, applied_at timestamp not null)"
    )
    return {row[0] for row in con.execute("select version from ops.schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every pending migration in its own transaction; return the versions applied."""
    done = applied_versions(con)
    applied = []
    for version, name, file in migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(file.read_text(encoding="utf-8"))
            con.execute(
                "insert into ops.schema_migrations values (?, ?, current_timestamp)", [version, name]
            )
        applied.append(version)
    return applied


def read_sql(relative: str) -> str:
    """Text of a SQL file under ``warehouse/sql`` (e.g. ``"marts/feedback.sql"``)."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")
