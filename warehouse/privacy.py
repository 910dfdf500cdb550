"""Salted hashes for identifiers that are personal data: customer ids, and record ids that hold one.

The salt never lives in the code or in the warehouse. It comes from the environment variable named by
``ingest.customer_id_salt_env`` when that is set; otherwise Suara creates a random salt once per
warehouse and keeps it beside the warehouse file as ``<warehouse>.salt`` (mode 600). The snapshot
published for analysts does not carry it, so nobody holding only the warehouse or the snapshot can
hash a known phone number and look it up. Back the salt file up with the warehouse: without it new
hashes no longer match the stored ones.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import stat
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
from suara.nlp.pii import SQL_PREFILTER, contains_pii
from suara.warehouse.db import registered

log = logging.getLogger("suara.warehouse")
SALT_SUFFIX = ".salt"
HASHED_ID_PREFIX = "pii-"
"""Source ids that held personal data are stored as ``pii-`` + the first 32 hex digits of their salted hash."""
_MEMORY_SALT = secrets.token_hex(16)  # an in-memory warehouse lives only as long as this process


class SaltError(RuntimeError):
    """No usable salt: the salt file is unreadable, empty or cannot be created."""


def salt_path(warehouse: Path) -> Path:
    """Where the per-warehouse salt lives: ``<warehouse>.salt`` beside the DuckDB file."""
    return warehouse.with_name(warehouse.name + SALT_SUFFIX)


def warehouse_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The DuckDB file behind ``con``, or ``None`` for an in-memory database."""
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return Path(row[0]) if row and row[0] else None


def resolve_salt(env_var: str, con: duckdb.DuckDBPyConnection) -> str:
    """The salt for hashing personal identifiers in the warehouse behind ``con`` (see the module docstring).

    Raises:
        SaltError: the salt file exists but is empty, or cannot be read or created (message names it).
    """
    from_env = os.environ.get(env_var)
    if from_env:
        return from_env
    path = warehouse_file(con)
    return _MEMORY_SALT if path is None else _file_salt(salt_path(path))


def _file_salt(path: Path) -> str:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_salt(path)
    except OSError as exc:
        raise SaltError(f"{path}: cannot create the customer-id salt file ({exc.strerror})") from exc
    salt = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(salt + "\n")
    log.info("created the per-warehouse salt %s (mode 600); back it up with the warehouse", path)
    return salt


def _read_salt(path: Path) -> str:
    try:
        salt = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SaltError(f"{path}: cannot read the customer-id salt file ({exc})") from exc
    if len(salt) < 16:
        raise SaltError(f"{path}: salt file is empty or too short; restore it from backup or set the salt variable")
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("%s: salt file is readable by others; run `chmod 600 %s`", path, path)
    return salt


def salted_hash(salt: str, value: str) -> str:
    """Hex SHA-256 of ``salt + value`` (what DuckDB's ``sha256($salt || value)`` gives for customer ids)."""
    return hashlib.sha256((salt + value).encode("utf-8")).hexdigest()


def hash_personal_ids(con: duckdb.DuckDBPyConnection, table: str, column: str, salt: str) -> Counter:
    """Replace, in place, the ids in ``table.column`` that hold personal data by a salted hash.

    A source whose id column is an e-mail or a phone number would otherwise store it raw in
    ``core.feedback.source_id`` and every mart; the hash is stable (same salt, same id), so reloads
    still match, and the owner of the salt can recompute it to link a record back.

    Args:
        con: connection holding ``table`` (with a ``_line`` key column).
        table: table name (a constant of the caller).
        column: quoted column identifier.
        salt: from :func:`resolve_salt`.

    Returns:
        ``Counter({"id": n})`` with the number of ids replaced.
    """
    rows = con.execute(
        f"select _line, {column}::varchar from {table} where regexp_matches({column}::varchar, $pre)",
        {"pre": SQL_PREFILTER},
    ).fetchall()
    changed = [(line, HASHED_ID_PREFIX + salted_hash(salt, value.strip())[:32])
               for line, value in rows if contains_pii(value)]
    if changed:
        values = pa.table({"_line": [c[0] for c in changed], "v": [c[1] for c in changed]})
        with registered(con, "_ing_ids", values):
            con.execute(f"update {table} set {column} = r.v from _ing_ids r where {table}._line = r._line")
    return Counter({"id": len(changed)}) if changed else Counter()
