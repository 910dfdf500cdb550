"""DuckDB connections and versioned schema migrations.

Migrations are the ``warehouse/schema/NNN_name.sql`` files, applied in order of
their number and recorded in ``ops.schema_migrations`` so that an existing
warehouse upgrades in place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

SCHEMA_DIR = Path(__file__).parent / "schema"
SQL_DIR = Path(__file__).parent / "sql"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def _ensure_home() -> None:
    # DuckDB needs an existing $HOME for its extension directory.
    home = os.environ.get("HOME")
    if not home or not Path(home).is_dir():
        os.environ["HOME"] = str(Path.cwd())


def connect(path: Path | str = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB connection; a file warehouse is created (with its folder) and migrated.

    Args:
        path: database file or ``":memory:"``.
        read_only: open without write access (no migrations are applied).
    """
    _ensure_home()
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    return con


@contextmanager
def open_warehouse(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """Context manager around :func:`connect` that always closes the connection."""
    con = connect(path)
    try:
        yield con
    finally:
        con.close()


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
