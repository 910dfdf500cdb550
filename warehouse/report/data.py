"""Read the analyst marts into the plain records the report templates arrange.

Every query lives in ``warehouse/report/sql`` and reads the marts through the
placeholders of :mod:`suara.warehouse.report.marts`; values go in as parameters.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from suara.warehouse.intermediate import define_macros
from suara.warehouse.report.marts import expand, has_mart, missing_marts

SQL_DIR = Path(__file__).parent / "sql"
HEADLINE_KEYS = ("volume", "nps", "csat", "rating", "negative_share")
"""Headline cards, in display order (a score no item of either period carries is left out, see ``SCORE_KEYS``)."""
SCORE_KEYS = ("nps", "csat", "rating")
"""Headline scores shown only where the feedback carries them: star-rated reviews have no NPS card of dashes."""
SPARK_PERIODS = 12
"""Periods of a theme's complaints shown in a pain point's sparkline."""


def query(con: duckdb.DuckDBPyConnection, name: str, params: list | None = None) -> list[dict]:
    """Run ``sql/<name>.sql`` (placeholders expanded, score macros defined) and return its rows as dicts."""
    define_macros(con)  # temp macros: also on a read-only snapshot
    sql = expand(con, (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Period:
    """The reporting window: ``[start, end)``, the one before it, and how far data reaches."""

    unit: str
    start: date
    end: date
    previous_start: date
    data_through: date | None
    timezone: str = "UTC"
    """Reporting zone (``report.timezone``): its midnights bound the window; stored times are UTC."""

    @property
    def label(self) -> str:
        """Human name of the window, e.g. ``Week of 26 Oct 2026`` or ``October 2026``."""
        if self.unit == "month":
            return self.start.strftime("%B %Y")
        return f"Week of {self.start.day} {self.start.strftime('%b %Y')}"

    @property
    def days_covered(self) -> int:
        """Days of the window that have data so far (a nightly report often sees a partial window)."""
        if self.data_through is None:
            return 0
        return min((self.data_through - self.start).days + 1, (self.end - self.start).days)

    @property
    def partial(self) -> bool:
        """Whether the window is not over yet in the data."""
        return self.days_covered < (self.end - self.start).days

    def bounds(self) -> list[datetime]:
        """``[start, end)`` as timestamps for SQL parameters: the zone's midnights, in UTC like the stored times."""
        return [self.utc_midnight(day) for day in (self.start, self.end)]

    def utc_midnight(self, day: date) -> datetime:
        """Midnight of ``day`` in the reporting zone, as a naive UTC timestamp (how times are stored)."""
        local = datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(self.timezone))
        return local.astimezone(UTC).replace(tzinfo=None)


def _month_start(day: date, shift: int = 0) -> date:
    months = day.year * 12 + day.month - 1 + shift
    return date(months // 12, months % 12 + 1, 1)


def period_for(anchor: date | None, unit: str, timezone: str = "UTC") -> Period:
    """The calendar week (Monday first) or month holding ``anchor`` (today when no data) in ``timezone``."""
    day = anchor or date.today()
    if unit == "month":
        start = _month_start(day)
        end = start + timedelta(days=calendar.monthrange(start.year, start.month)[1])
        return Period(unit, start, end, _month_start(day, -1), anchor, timezone)
    start = day - timedelta(days=day.weekday())
    return Period(unit, start, start + timedelta(days=7), start - timedelta(days=7), anchor, timezone)


def latest_feedback_day(con: duckdb.DuckDBPyConnection, timezone: str = "UTC") -> date | None:
    """Day of the newest item in ``marts.feedback``, in the reporting ``timezone`` (stored times are UTC)."""
    row = con.execute(expand(con, "select max(created_at) from {feedback}")).fetchall()[0]
    value = row[0]
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).date()
    return value


@dataclass(frozen=True)
class Metric:
    """One headline figure now and in the previous period, with the counts behind it."""

    key: str
    current: float | None
    previous: float | None
    n: int
    previous_n: int


def headline(con: duckdb.DuckDBPyConnection, period: Period) -> dict[str, Metric]:
    """Volume, NPS, CSAT, mean star rating and share negative for the current and previous period."""
    start, end = period.bounds()
    previous = period.utc_midnight(period.previous_start)
    rows = {r["which"]: r for r in query(con, "headline", [start, end, previous])}
    cur, prev = rows.get("current", {}), rows.get("previous", {})
    spec = {"volume": "volume", "nps": "nps_n", "csat": "csat_n", "rating": "rating_n",
            "negative_share": "sentiment_n"}
    return {
        key: Metric(key, cur.get(key), prev.get(key), cur.get(n_col) or 0, prev.get(n_col) or 0)
        for key, n_col in spec.items()
    }


def coverage(con: duckdb.DuckDBPyConnection, period: Period) -> dict[str, list[tuple[str, int]]]:
    """Items per language and per source in the current window, largest first."""
    out: dict[str, list[tuple[str, int]]] = {"language": [], "source": []}
    for row in query(con, "coverage", period.bounds()):
        out[row["dimension"]].append((row["value"], row["items"]))
    return out


@dataclass
class PainPoint:
    """One theme at one touchpoint in the latest pain-point period (from ``marts.pain_points``)."""

    theme_id: str
    label: str
    touchpoint: str
    journey_stage: str | None
    volume: int
    negative_share: float | None
    nps_impact: float | None
    nps_impact_low: float | None
    nps_impact_high: float | None
    trend: float | None
    emerging: bool
    rank: int | None
    period: object
    is_new: bool = False
    nps_responses: int | None = None
    impact: float | None = None
    """Impact on ``impact_metric`` (the NPS impact where the marts predate it)."""
    impact_low: float | None = None
    impact_high: float | None = None
    impact_metric: str | None = None
    """``nps`` | ``csat`` | ``ces`` | ``rating``: the score the theme's items carry (see marts.pain_points)."""
    top_candidate: bool = True
    """May be listed as a top pain point: a linked touchpoint, and neither the row nor its theme mostly positive."""
    mix: tuple[float, float, float] = (0.0, 0.0, 0.0)
    spark: list[int] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """In the top list, the theme's other touchpoints that are top candidates too (each theme is listed once)."""
    segments: list[dict] = field(default_factory=list)
    """Significant concentrations (``dimension``, ``value``, ``share_of_pain_point``, ``share_of_all``)."""


_PAIN_FIELDS = (
    "theme_id", "label", "touchpoint", "journey_stage", "volume", "negative_share", "nps_impact",
    "nps_impact_low", "nps_impact_high", "trend", "emerging", "rank", "period", "is_new", "nps_responses",
    "impact", "impact_low", "impact_high", "impact_metric", "top_candidate",
)


def pain_points(con: duckdb.DuckDBPyConnection, period: Period) -> list[PainPoint]:
    """Every pain point of the latest ``period.unit`` period, ranked (1 = worst), with its sentiment split.

    The top list takes only rows whose ``top_candidate`` is true (:func:`top_pain_points`).
    """
    points = []
    for row in query(con, "pain_points", [period.unit, *period.bounds()]):
        point = PainPoint(**{k: row[k] for k in _PAIN_FIELDS})
        point.volume = int(point.volume or 0)
        point.mix = (float(row["positive"]), max(float(row["neutral"]), 0.0), float(row["negative"]))
        points.append(point)
    return points


def attach_segments(con: duckdb.DuckDBPyConnection, points: list[PainPoint]) -> None:
    """Give each pain point the segment values it is significantly concentrated in, if any.

    The test covers the month holding the pain point's period: a partial week rarely has the items it needs.
    """
    if not points:
        return
    found: dict[tuple[str, str], list[dict]] = {}
    for row in query(con, "segments", ["month", _month_start(points[0].period)]):
        found.setdefault((str(row["theme_id"]), row["touchpoint"]), []).append(row)
    for point in points:
        point.segments = found.get((str(point.theme_id), point.touchpoint), [])


def concentrations(con: duckdb.DuckDBPyConnection, period: date | None, n: int) -> list[dict]:
    """The ``n`` strongest significant segment concentrations of the month holding ``period``, any pain point."""
    if period is None:
        return []
    return query(con, "concentrations", [_month_start(period), n])


def lifts(point: PainPoint) -> bool:
    """Whether the group lifts its score (positive impact on its metric): a candidate for "what works well"."""
    return point.impact is not None and point.impact > 0


def top_pain_points(points: list[PainPoint], n: int) -> list[PainPoint]:
    """The ``n`` worst themes that may lead the report: never ``unlinked``, mostly positive, or lifting.

    Each theme appears once, at its worst touchpoint, with its other candidate touchpoints in ``also``: on real
    hotel reviews one bathroom theme otherwise filled four of the five places (hot water, air conditioning,
    odour, cleanliness). Every row stays in the full list.
    """
    first: dict[str, PainPoint] = {}
    for point in points:
        if not point.top_candidate or lifts(point):
            continue
        if point.theme_id in first:
            first[point.theme_id].also.append(point.touchpoint)
        elif len(first) < n:
            point.also = []
            first[point.theme_id] = point
    return list(first.values())


def sparklines(con: duckdb.DuckDBPyConnection, unit: str) -> dict[str, list[int]]:
    """The last :data:`SPARK_PERIODS` complaint counts (negative items per ``unit``) of each theme, oldest first.

    A pain point's trend is its complaints: a theme of mostly praise listed under its complaint label (issue 11)
    would otherwise draw its praise.
    """
    series: dict[str, list[int]] = {}
    for row in query(con, "trends", [unit]):
        series.setdefault(row["theme_id"], []).append(int(row["complaints"] or 0))
    return {theme: values[-SPARK_PERIODS:] for theme, values in series.items()}


def quote_candidates(con: duckdb.DuckDBPyConnection, period: Period, per_language: int) -> list[dict]:
    """The most negative and most positive items per theme, touchpoint and language."""
    return query(con, "quotes", [*period.bounds(), per_language])


def bright_keys(con: duckdb.DuckDBPyConnection, unit: str) -> list[tuple[str, str]] | None:
    """``(theme_id, touchpoint)`` of ``marts.bright_spots``' latest period, best first (None: no mart)."""
    if not has_mart(con, "bright_spots"):
        return None
    return [(row["theme_id"], row["touchpoint"]) for row in query(con, "bright_spots", [unit])]


def scorecard(con: duckdb.DuckDBPyConnection, unit: str) -> list[dict]:
    """Touchpoint scorecard rows of the latest period, each with ``previous`` (the period before) or None."""
    rows = query(con, "scorecard", [unit])
    before = {(r["journey_stage"], r["touchpoint"]): r for r in rows if r["which"] == "previous"}
    current = [dict(r) for r in rows if r["which"] == "current"]
    for row in current:
        row["previous"] = before.get((row["journey_stage"], row["touchpoint"]))
    return current


def ingest_alerts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Why the latest ingestion was degraded ("source: reason"); empty when it was not (issue 14)."""
    try:
        return [r["reason"] for r in query(con, "ingest_alerts")]
    except duckdb.CatalogException:  # a warehouse from before migration 007
        return []


def theme_count(con: duckdb.DuckDBPyConnection) -> int:
    """Number of themes in ``marts.themes``."""
    return con.execute(expand(con, "select count(*) from {themes}")).fetchall()[0][0]


__all__ = [
    "Metric", "PainPoint", "Period", "attach_segments", "bright_keys", "concentrations", "coverage", "headline",
    "ingest_alerts", "latest_feedback_day", "lifts", "missing_marts", "pain_points", "period_for", "quote_candidates",
    "scorecard", "sparklines", "theme_count", "top_pain_points",
]
