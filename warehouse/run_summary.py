"""Figures a run records about itself: quality shares and the emerging pain points."""

from __future__ import annotations

import duckdb
from suara.warehouse.db import read_sql


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def quality_figures(con: duckdb.DuckDBPyConnection) -> dict:
    """Outlier share, unlinked share and quarantine totals of the warehouse as it stands."""
    rows = _rows(con, read_sql("ops/quality.sql"))
    quality = rows[0] if rows else {}
    quality["quarantine_by_reason"] = dict(
        con.execute("select reason, count(*) from ops.quarantine group by reason order by 2 desc").fetchall()
    )
    return quality


def emerging_pain_points(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Pain points flagged emerging in the latest weekly period (for notifications)."""
    return _rows(con, read_sql("ops/emerging.sql"))
