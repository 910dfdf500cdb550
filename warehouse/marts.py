"""Building the analyst marts (``warehouse/sql/marts/*.sql``) in one transaction.

The intermediate models (``warehouse/sql/intermediate``: mentions, periods, memberships, previous-period
volumes) and the score macros come first; the Python-computed statistics (impact intervals, volume
spikes) are written to ``core.theme_period_stats`` next; then every mart is rebuilt with
``create or replace table`` in dependency order. Everything happens inside one
transaction, so an analyst never sees half-updated marts.
"""

from __future__ import annotations

import time

from suara.warehouse.adapt import adapt_and_correct
from suara.warehouse.config import WarehouseSettings as SuaraConfig
from suara.warehouse.curation import apply_curation, load_curation
from suara.warehouse.db import SQL_DIR, read_sql, transaction
from suara.warehouse.intermediate import build_intermediate
from suara.warehouse.pain_points import compute_theme_period_stats
from suara.warehouse.segments import flag_significant, refresh_segments

SCHEMA = "marts"
MARTS: tuple[str, ...] = (
    "feedback",
    "feedback_touchpoints",
    "themes",
    "pain_points",
    "bright_spots",  # selects from marts.pain_points
    "pain_point_segments",
    "touchpoint_scorecard",
    "touchpoint_scorecard_segments",
    "theme_trends",
)
"""Mart names in dependency order; each is ``warehouse/sql/marts/<name>.sql`` with a sibling ``.yml``."""
REQUIRED_TABLES = ("core.feedback", "core.enrichment", "core.feedback_touchpoints", "core.feedback_themes")


def mart_sql(name: str) -> str:
    """The SQL of one mart model."""
    return read_sql(f"marts/{name}.sql")


def mart_doc_path(name: str):
    """Path of a mart's ``.yml`` documentation."""
    return SQL_DIR / "marts" / f"{name}.yml"


def _check_inputs(con) -> None:
    present = {
        f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    missing = [t for t in REQUIRED_TABLES if t not in present]
    if missing:
        raise RuntimeError(f"build_marts: missing input tables {', '.join(missing)} (run the earlier steps first)")


def build_marts(con, cfg: SuaraConfig) -> dict:
    """Rebuild ``core.theme_period_stats`` and every mart in one transaction.

    Args:
        con: DuckDB connection to a migrated warehouse.
        cfg: configuration (``themes`` section: bootstrap and emerging settings).

    Returns:
        Rows per mart, ``stats_rows`` and ``seconds``.

    Raises:
        RuntimeError: an input table is missing; nothing is changed.
        CurationError: the curation file is missing or invalid; nothing is changed.
    """
    _check_inputs(con)
    # read (and validate) the analyst's curation file before anything changes
    curation = load_curation(cfg.resolve(cfg.curation) if cfg.curation else None)
    start = time.perf_counter()
    counts: dict[str, object] = {}
    with transaction(con):
        # per-source prior adaptation and analyst corrections (core.feedback_sentiment), read by marts.feedback
        counts["sentiment"] = adapt_and_correct(con, cfg)
        counts["curation"] = apply_curation(con, curation)
        counts["segment_rows"] = refresh_segments(con, cfg.sources)  # before int_touchpoint_scores reads them
        counts["intermediate_rows"] = build_intermediate(con, cfg.report.timezone)
        counts["stats_rows"] = compute_theme_period_stats(con, cfg)
        for name in MARTS:
            # Identifiers come from the MARTS constant only.
            con.execute(f"create or replace table {SCHEMA}.{name} as\n{mart_sql(name)}")
            counts[name] = con.execute(f"select count(*) from {SCHEMA}.{name}").fetchall()[0][0]
        counts["significant_segments"] = flag_significant(con)
    counts["seconds"] = round(time.perf_counter() - start, 2)
    return counts


def top_pain_points(con, period_type: str = "week", n: int = 5) -> list[tuple]:
    """The ``n`` worst pain points of the latest period: ``(rank, theme_label, touchpoint, volume, nps_impact)``."""
    return con.execute(
        "select rank, theme_label, touchpoint, volume, nps_impact, emerging from marts.pain_points "
        "where period_type = ? and period = (select max(period) from marts.pain_points where period_type = ?) "
        "order by rank limit ?",
        [period_type, period_type, n],
    ).fetchall()
