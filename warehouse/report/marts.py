"""The report's view of the analyst marts: every mart table and column name in one place.

The report reads only ``marts.*``. Its SQL files (``warehouse/report/sql``) never name a
mart or a mart column directly: they select from placeholders such as ``{feedback}``,
which :func:`expand` replaces with a sub-query that renames the mart's columns to the
report's own names below. A renamed mart column is therefore a one-line fix in
:data:`MARTS`. Optional columns that a mart does not have read as ``null``; a missing
mart reads as an empty relation and is listed in :func:`missing_marts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

SCHEMA = "marts"


@dataclass(frozen=True)
class Mart:
    """One mart as the report reads it.

    Attributes:
        table: table name inside the ``marts`` schema.
        columns: report name -> mart column name.
        types: report name -> SQL type used when the column (or the mart) is missing.
        optional: report names that may be absent from the mart (they read as null).
        required: whether the report flags the mart as missing (else it silently falls back).
    """

    table: str
    columns: dict[str, str]
    types: dict[str, str]
    optional: frozenset[str] = field(default_factory=frozenset)
    required: bool = True


def _mart(
    table: str, columns: str, optional: tuple[str, ...] = (), required: bool = True,
    renamed: dict[str, str] | None = None,
) -> Mart:
    """A :class:`Mart` from ``"name type, name type, ..."`` (report names; the mart's own unless ``renamed``)."""
    types = dict(column.split() for column in columns.split(","))
    return Mart(
        table=table,
        columns={name: (renamed or {}).get(name, name) for name in types},
        types=types,
        optional=frozenset(optional),
        required=required,
    )


# Each mart's columns as the report names them, with the type they read as when absent. The mart's column has
# the same name unless ``renamed`` maps it: rename a mart column here, nowhere else.
MARTS: dict[str, Mart] = {
    "feedback": _mart(
        "feedback",
        "feedback_id varchar, source varchar, created_at timestamp, text varchar, language varchar, "
        "sentiment_label varchar, sentiment_score double, nps integer, csat integer, rating integer, "
        "touchpoint varchar, journey_stage varchar, theme_id varchar",
        optional=("source", "language", "nps", "csat", "rating", "journey_stage"),
    ),
    "themes": _mart(
        "themes",
        "theme_id varchar, label varchar, size bigint, first_seen timestamp, status varchar, "
        "new_this_week boolean, positive_share double, negative_share double",
        optional=("size", "first_seen", "status", "new_this_week", "positive_share", "negative_share"),
    ),
    # The period marts hold week and month rows side by side (period_type); the report picks one.
    # trend = volume minus the previous period's volume (a count, not a ratio). impact, impact_low/high and
    # impact_metric: the impact on the theme's own score (nps | csat | ces | rating); absent in marts built
    # before issue 11.
    "pain_points": _mart(
        "pain_points",
        "period_type varchar, period date, theme_id varchar, touchpoint varchar, journey_stage varchar, "
        "volume bigint, positive_share double, negative_share double, nps_responses bigint, nps_impact double, "
        "nps_impact_low double, nps_impact_high double, trend double, emerging boolean, rank integer, "
        "impact double, impact_low double, impact_high double, impact_metric varchar, is_pain_point boolean, "
        "theme_label varchar",
        optional=("period_type", "journey_stage", "positive_share", "nps_responses", "nps_impact_low",
                  "nps_impact_high", "trend", "emerging", "impact", "impact_low", "impact_high", "impact_metric",
                  "is_pain_point", "theme_label"),
    ),
    # What works well; when this mart is absent the report takes pain points with a positive NPS impact.
    "bright_spots": _mart(
        "bright_spots",
        "period_type varchar, period date, theme_id varchar, touchpoint varchar, rank integer",
        optional=("period_type",), required=False,
    ),
    # Where each pain point is concentrated (segment dimensions); absent in marts built before issue 16.
    "segments": _mart(
        "pain_point_segments",
        "period_type varchar, period date, theme_id varchar, touchpoint varchar, dimension varchar, "
        "value varchar, volume bigint, share_of_pain_point double, share_of_all double, significant boolean",
        required=False,
    ),
    "scorecard": _mart(
        "touchpoint_scorecard",
        "period_type varchar, period date, touchpoint varchar, journey_stage varchar, volume bigint, "
        "positive_share double, neutral_share double, negative_share double, nps double, nps_responses bigint, "
        "csat double, ces double, rating double",
        optional=("period_type", "positive_share", "neutral_share", "nps_responses", "csat", "ces", "rating"),
    ),
    "trends": _mart(
        "theme_trends",
        "period_type varchar, theme_id varchar, period date, volume bigint, negative_share double",
        optional=("period_type", "negative_share"),
    ),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Theme ids may be integers in one build and strings in another; the report keys dicts by them.
_CAST_ALWAYS = {"theme_id": "varchar"}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def mart_columns(con: duckdb.DuckDBPyConnection, mart: Mart) -> set[str] | None:
    """Column names of a mart table as it exists, or ``None`` when the table is missing."""
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [SCHEMA, mart.table],
    ).fetchall()
    return {row[0] for row in rows} or None


def has_mart(con: duckdb.DuckDBPyConnection, key: str) -> bool:
    """Whether mart ``key`` exists."""
    return mart_columns(con, MARTS[key]) is not None


def missing_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Qualified names of the required marts that do not exist."""
    return [f"{SCHEMA}.{m.table}" for m in MARTS.values() if m.required and mart_columns(con, m) is None]


def relation(con: duckdb.DuckDBPyConnection, key: str) -> str:
    """A parenthesised sub-query over mart ``key`` exposing the report's column names.

    Raises:
        ValueError: a required column is missing from an existing mart (the message names both).
    """
    mart = MARTS[key]
    present = mart_columns(con, mart)
    if present is None:  # whole mart missing: an empty relation with the right shape
        cols = ", ".join(f"cast(null as {mart.types[n]}) as {n}" for n in mart.columns)
        return f"(select {cols} where false)"
    selected = []
    for name, column in mart.columns.items():
        if column in present and name in _CAST_ALWAYS:
            selected.append(f"cast({_quote(column)} as {_CAST_ALWAYS[name]}) as {name}")
        elif column in present:
            selected.append(f"{_quote(column)} as {name}")
        elif name in mart.optional:
            selected.append(f"cast(null as {mart.types[name]}) as {name}")
        else:
            raise ValueError(f"{SCHEMA}.{mart.table}: column {column!r} is missing (the report needs it)")
    return f"(select {', '.join(selected)} from {_quote(SCHEMA)}.{_quote(mart.table)})"


def expand(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """Replace each ``{mart}`` placeholder in ``sql`` by :func:`relation`.

    Raises:
        KeyError: the SQL names a placeholder that is not a known mart.
    """
    cache: dict[str, str] = {}

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in MARTS:
            raise KeyError(f"unknown mart placeholder {{{key}}}")
        if key not in cache:
            cache[key] = relation(con, key)
        return cache[key]

    return _PLACEHOLDER.sub(sub, sql)
