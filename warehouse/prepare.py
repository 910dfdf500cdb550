"""From a file's raw all-VARCHAR table to typed, redacted staging rows.

Steps, all inside DuckDB except the Python redaction of the few candidate values:
:func:`redact_columns` rewrites personal data in place (DuckDB's RE2 prefilter picks
the candidates), :func:`build_norm` maps the source's columns to Suara's roles, hashes
customer ids and packs unmapped columns into ``metadata``, and :func:`build_staging`
runs ``sql/staging/stg_feedback.sql`` to parse, validate and deduplicate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa
from suara.nlp.pii import SQL_PREFILTER, redact_many
from suara.warehouse import dates, privacy
from suara.warehouse.config import IngestConfig, SourceConfig
from suara.warehouse.db import read_sql, registered
from suara.warehouse.readers import SRC, quote_ident

NORM, STG = "_ing_norm", "_ing_stg"
ROLES = (
    "id", "text", "created_at", "nps", "csat", "ces", "rating", "channel", "touchpoint", "customer_id", "updated_at"
)
DATE_ROLES = ("created_at", "updated_at")
# Roles that are validated strictly (a valid value cannot hold personal data) or hashed; never rewritten.
_NOT_REDACTED = ("id", "created_at", "updated_at", "nps", "csat", "ces", "rating", "customer_id")
DATES = "_ing_dates"


def customer_salt(cfg: IngestConfig, con: duckdb.DuckDBPyConnection) -> str:
    """Salt for customer-id hashes: the configured environment variable, else the warehouse's own salt file."""
    return privacy.resolve_salt(cfg.customer_id_salt_env, con)


def hash_personal_ids(con: duckdb.DuckDBPyConnection, source: SourceConfig, salt: str) -> Counter:
    """Store the SRC ids that hold personal data (an e-mail or phone used as id) as their salted hash."""
    return privacy.hash_personal_ids(con, SRC, quote_ident(source.columns["id"]), salt)


def redact_columns(con: duckdb.DuckDBPyConnection, source: SourceConfig, names: list[str]) -> Counter:
    """Redact personal data in every free-text column of SRC in place; return counts per PII type."""
    skip = {source.columns[r] for r in _NOT_REDACTED if r in source.columns}
    total: Counter = Counter()
    for name in names:
        if name in skip:
            continue
        total.update(_redact_column(con, SRC, quote_ident(name)))
    return total


def redact_rejected_records(con: duckdb.DuckDBPyConnection) -> None:
    """Redact the landing records of rejected rows, whose unparsed date or score columns may hold anything."""
    _redact_column(con, STG, "record", "error_field is not null or field_errors is not null")


def _redact_column(con: duckdb.DuckDBPyConnection, table: str, col: str, where: str = "true") -> Counter:
    rows = con.execute(
        f"select _line, {col}::varchar from {table} where {where} and regexp_matches({col}::varchar, $pre)",
        {"pre": SQL_PREFILTER},
    ).fetchall()
    red, counts = redact_many(r[1] for r in rows)
    changed = [(r[0], v) for r, v in zip(rows, red, strict=True) if v != r[1]]
    if changed:
        values = pa.table({"_line": [c[0] for c in changed], "v": [c[1] for c in changed]})
        with registered(con, "_ing_red", values):
            con.execute(f"update {table} set {col} = r.v from _ing_red r where {table}._line = r._line")
    return counts


def _json_object(con_params: dict, prefix: str, names: list[str], exprs: dict[str, str] | None = None) -> str:
    """SQL ``json_object`` over ``names`` (keys passed as parameters), or NULL when empty."""
    if not names:
        return "null"
    parts = []
    for i, name in enumerate(names):
        key = f"{prefix}{i}"
        con_params[key] = name
        parts.append(f"${key}, {(exprs or {}).get(name, quote_ident(name))}")
    return f"json_object({', '.join(parts)})"


def build_norm(con: duckdb.DuckDBPyConnection, source: SourceConfig, names: list[str], salt: str,
               raw_text: bool, clock: DateClock) -> None:
    """Create NORM: one column per role, hashed customer id, metadata and the landing record as JSON.

    ISO dates are parsed here in bulk (``created_fast``/``updated_fast``); :func:`parse_dates` reads the rest.
    """
    con.execute(read_sql("staging/date_macros.sql"))
    params: dict[str, object] = {"fast": source.date_format is None, "offset": clock.offset_s, "zone": clock.zone}
    cols = []
    for role in ROLES:
        if role == "customer_id":
            continue
        col = quote_ident(source.columns[role]) if role in source.columns else "null"
        if role in DATE_ROLES:  # trimmed once here: the fast parse, the date table and staging share the value
            col = f"nullif(trim({col}), '')"
            cols.append(f"suara_fast_utc({col}, $fast, $offset, $zone) as {role.replace('_at', '')}_fast")
        cols.append(f"{col} as {role}")
    hashed = "null"
    exprs: dict[str, str] = {}
    if "customer_id" in source.columns:
        cust = quote_ident(source.columns["customer_id"])
        hashed = f"case when nullif(trim({cust}), '') is not null then sha256($salt || trim({cust})) end"
        params["salt"] = salt
        exprs[source.columns["customer_id"]] = hashed
    mapped = set(source.columns.values())
    metadata = _json_object(params, "m", [n for n in names if n not in mapped])
    record = _json_object(params, "r", names, exprs)
    raw = "_ing_raw.raw_text" if raw_text else "null"
    join = "left join _ing_raw using (_line)" if raw_text else ""
    con.execute(
        f"create or replace temp table {NORM} as select _line, {', '.join(cols)}, {raw} as raw_text, "
        f"{hashed} as customer_hash, {metadata} as metadata, {record} as record from {SRC} {join}",
        params,
    )


def keep_raw_text(con: duckdb.DuckDBPyConnection, source: SourceConfig) -> None:
    """Copy the unredacted text aside (only called when ``ingest.keep_raw_text`` is set)."""
    con.execute(
        f"create or replace temp table _ing_raw as select _line, {quote_ident(source.columns['text'])} "
        f"as raw_text from {SRC}"
    )


@dataclass(frozen=True)
class DateClock:
    """Time settings of one source: its zone, the zone's fixed offset (None with DST) and the valid range."""

    zone: str
    offset_s: int | None
    min_date: datetime
    max_date: datetime

    @classmethod
    def for_source(cls, source: SourceConfig, cfg: IngestConfig) -> DateClock:
        """The source's ``timezone`` (default ``ingest.timezone``) and the range now allows."""
        name = source.timezone or cfg.timezone
        now = datetime.now(UTC).replace(tzinfo=None)
        low = datetime.combine(cfg.min_date, datetime.min.time())
        offset = dates.fixed_offset_seconds(dates.zone(name), low.year, now.year + 1)
        return cls(name, offset, low, now + timedelta(days=cfg.future_tolerance_days))


def parse_dates(con: duckdb.DuckDBPyConnection, source: SourceConfig, cfg: IngestConfig, clock: DateClock
                ) -> dates.DateRule:
    """Create the DATES table for the values DuckDB left unparsed; return the day/month rule the file used."""
    pending = [
        r[0]
        for r in con.execute(
            f"select created_at from {NORM} where created_fast is null and created_at is not null union "
            f"select updated_at from {NORM} where updated_fast is null and updated_at is not null"
        ).fetchall()
    ]
    if source.date_format:
        rule = dates.DateRule("format", "date_format", source.date_format)
    else:
        rule = dates.decide_order(pending, source.date_order, cfg.date_order)
    parsed = dates.parse_values(pending, rule, dates.zone(clock.zone), source.date_format)
    table = pa.table(
        {"raw": pa.array(list(parsed), pa.string()), "utc": pa.array(list(parsed.values()), pa.timestamp("us"))}
    )
    with registered(con, "_ing_dates_arrow", table):
        con.execute(f"create or replace temp table {DATES} as select * from _ing_dates_arrow")
    return rule


def build_staging(
    con: duckdb.DuckDBPyConnection, source: SourceConfig, max_chars: int, clock: DateClock, file_version: datetime
) -> None:
    """Create STG from NORM and DATES with ``sql/staging/stg_feedback.sql``."""
    con.execute(
        f"create or replace temp table {STG} as {read_sql('staging/stg_feedback.sql')}",
        {
            "source": source.name,
            "kind": source.kind,
            "max_chars": max_chars,
            "touchpoint": source.touchpoint,
            "min_date": clock.min_date,
            "max_date": clock.max_date,
            "file_version": file_version,
        },
    )


def drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the per-file temp tables."""
    for table in (SRC, NORM, STG, DATES, "_ing_raw"):
        con.execute(f"drop table if exists {table}")
