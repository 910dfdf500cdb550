"""The intermediate SQL layer (``warehouse/sql/intermediate``, dbt's ``int_`` idiom) and the score macros.

Intermediate models are what several marts share: touchpoint mentions, the week/month period expansion,
the mentions per period, the touchpoint scores, theme memberships and the previous-period volumes.
:func:`build_intermediate` materialises them as temporary tables on the connection (in dependency order),
so each is computed once per mart build and nothing but the marts reaches analysts. The score formulas
(NPS, CSAT, CES, rating, the impact weight, the previous period) are temporary macros
(:func:`define_macros`), defined once in ``macros.sql``.
"""

from __future__ import annotations

from suara.warehouse.db import read_sql

INTERMEDIATE: tuple[str, ...] = (
    "int_themes",  # core.themes with the analyst's curation
    "int_feedback_themes",  # core.feedback_themes with the analyst's merges
    "int_feedback_touchpoints",  # core.feedback_touchpoints with the analyst's touchpoint corrections
    "int_touchpoint_mentions",  # reads int_feedback_touchpoints
    "int_feedback_periods",
    "int_period_mentions",  # reads int_touchpoint_mentions and int_feedback_periods
    "int_touchpoint_scores",  # reads int_period_mentions
    "int_theme_memberships",  # reads int_touchpoint_mentions and int_feedback_periods
    "int_theme_period_volumes",  # reads int_theme_memberships
)
"""Intermediate models in dependency order; each is ``warehouse/sql/intermediate/<name>.sql``."""


def define_macros(con) -> None:
    """Define the score macros (``nps_score``, ``csat_score``, ...) on ``con``; works on read-only connections."""
    con.execute(read_sql("intermediate/macros.sql"))


def build_intermediate(con, timezone: str = "Asia/Jakarta") -> dict[str, int]:
    """Define the macros and (re)build every intermediate model as a temporary table; return rows per model.

    Args:
        con: DuckDB connection to a migrated warehouse.
        timezone: IANA zone whose calendar cuts weeks and months (``report.timezone``); stored times are UTC.
    """
    define_macros(con)
    con.execute(read_sql("intermediate/int_settings.sql"), {"timezone": timezone})
    counts = {}
    for name in INTERMEDIATE:
        # Identifiers come from the INTERMEDIATE constant only.
        con.execute(f"create or replace temp table {name} as\n{read_sql(f'intermediate/{name}.sql')}")
        counts[name] = con.execute(f"select count(*) from {name}").fetchall()[0][0]
    return counts
