"""Compose the report context from the marts and render the HTML report and Markdown digest."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from suara.warehouse.report import charts, compose, data
from suara.warehouse.report import format as fmt

TEMPLATES = Path(__file__).parent / "templates"
ALL_POINTS_CAP = 500
"""Rows of the collapsible "all pain points" table; the rest are counted, not listed."""


def _sections(points: list[data.PainPoint], top_n: int, bright_keys: list | None) -> dict[str, list]:
    top = data.top_pain_points(points, top_n)
    emerging = sorted((p for p in points if p.emerging), key=lambda p: (p.rank or 10**9))
    if bright_keys is None:  # no marts.bright_spots: the themes that lift their score (NPS, CSAT, CES, stars)
        bright = sorted((p for p in points if data.lifts(p)), key=lambda p: -(p.impact or 0))
    else:
        by_key = {(p.theme_id, p.touchpoint): p for p in points}
        bright = [by_key[key] for key in bright_keys if key in by_key]
    return {"top": top, "emerging": emerging, "bright": bright}


def _low(row: dict, min_volume: int) -> bool:
    """Whether a scorecard row rests on too few NPS responses (or items, when responses are unknown)."""
    n = row.get("nps_responses")
    return (n if n is not None else row.get("volume") or 0) < min_volume


def _touchpoint_rows(rows: list[dict], journey: compose.Journey, min_volume: int) -> list[dict]:
    order = {stage: i for i, stage in enumerate(journey.stage_order)}
    out = []
    for row in sorted(rows, key=lambda r: (order.get(r["journey_stage"], 99), -(r["volume"] or 0))):
        prev = row["previous"] or {}
        low, prev_low = _low(row, min_volume), _low(prev, min_volume)
        known = not (low or prev_low) and row["nps"] is not None and prev.get("nps") is not None
        delta = row["nps"] - prev["nps"] if known else None
        out.append({**row, "stage_name": journey.stage(row["journey_stage"]),
                    "touchpoint_name": journey.touchpoint(row["touchpoint"]), "low": low, "nps_delta": delta})
    return out


def _ci_domains(points: list[data.PainPoint]) -> dict[str, tuple[float, float]]:
    """One chart domain per score the charted rows' impacts are on: stars and NPS points never share an axis."""
    by_metric: dict[str, list] = {}
    for p in points:
        by_metric.setdefault(p.impact_metric or "nps", []).append((p.impact, p.impact_low, p.impact_high))
    return {metric: charts.ci_domain(rows) for metric, rows in by_metric.items()}


def _score_columns(rows: list[dict]) -> list[str]:
    """The scorecard's score columns some touchpoint has a value in (``nps`` alone when none has any)."""
    present = [key for key in ("nps", "csat", "ces", "rating") if any(r.get(key) is not None for r in rows)]
    return present or ["nps"]



def build_context(con: duckdb.DuckDBPyConnection, cfg) -> dict:
    """Everything the templates show, read from the marts of ``con`` (a :class:`SuaraConfig` ``cfg``)."""
    rc = cfg.report
    journey = compose.load_journey(cfg.journey_path)
    period = data.period_for(data.latest_feedback_day(con, rc.timezone), rc.period, rc.timezone)
    points = data.pain_points(con, period)
    data.attach_segments(con, points)
    sections = _sections(points, rc.top_n, data.bright_keys(con, rc.period))
    quotes = data.quote_candidates(con, period, rc.quotes_per_item)
    sparks = data.sparklines(con, rc.period)
    shown_neg = sections["top"] + sections["emerging"]
    compose.attach(points, [], sparks, 0, True)  # labels and sparklines for every listed row
    compose.attach(shown_neg, quotes, sparks, rc.quotes_per_item, negative=True)
    compose.attach(sections["bright"][: rc.list_cap], quotes, sparks, rc.quotes_per_item, negative=False)
    scorecard = data.scorecard(con, rc.period)
    headline = data.headline(con, period)
    coverage = data.coverage(con, period)
    total = sum(n for _, n in coverage["language"]) or 0
    return {
        "title": rc.title, "period": period, "generated_at": compose.generated_at(), "cfg": rc,
        "min_volume": rc.min_volume, "list_cap": rc.list_cap,
        "cards": [compose.card(headline[k], rc.min_volume) for k in data.HEADLINE_KEYS
                  if k not in data.SCORE_KEYS or headline[k].n or headline[k].previous_n],
        "languages": [(compose.LANGUAGE_NAMES.get(k, k), n / total) for k, n in coverage["language"]],
        "sources": coverage["source"], "items": total,
        "pain_period": points[0].period if points else None,
        "concentrations": data.concentrations(con, points[0].period if points else None, rc.list_cap),
        "journey": journey, "points": points[:ALL_POINTS_CAP], "points_total": len(points), **sections,
        # The level the marts' intervals were computed at: every label says this one, never a fixed 95%.
        "ci_level": cfg.themes.ci_level, "ci_label": fmt.ci_label(cfg.themes.ci_level),
        "ci_percent": fmt.ci_percent(cfg.themes.ci_level),
        "ci_domains": _ci_domains(sections["top"] + sections["bright"][: rc.list_cap]),
        # No score at all (reviews without stars, tickets): no impact heading or column, no "– pts" per row.
        "impact_title": fmt.impact_title([p.impact_metric for p in sections["top"]])
        if any(p.impact is not None for p in points) else None,
        "points_title": fmt.impact_title([p.impact_metric for p in points[:ALL_POINTS_CAP]]),
        # What "what works well" lifts: "NPS", "star rating"... or "their score" when the rows mix scores.
        "bright_score": fmt.score_name([p.impact_metric for p in sections["bright"][: rc.list_cap]] or
                                       [p.impact_metric for p in points]) or "their score",
        "heatmap": compose.heatmap_stages(scorecard, journey, rc.min_volume),
        "touchpoints": _touchpoint_rows(scorecard, journey, rc.min_volume),
        "score_columns": _score_columns(scorecard),
        "themes_total": data.theme_count(con), "missing": data.missing_marts(con),
        "ingest_alerts": [compose.safe_text(a, 400) for a in data.ingest_alerts(con)],
    }


def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        autoescape=not markdown, keep_trailing_newline=True,
        # Markdown has no autoescape: every expression's output is escaped on the way out instead.
        finalize=fmt.md_escape if markdown else None,
    )
    env.filters.update(num=fmt.num, pct=fmt.pct, nps=fmt.nps, points=fmt.points, change=fmt.change,
                       impact=fmt.impact, unit=fmt.impact_unit, metric_name=fmt.metric_name, items=fmt.items,
                       impact_title=fmt.impact_title, also=compose.also_text,
                       trend=fmt.trend, short=fmt.clean_text,
                       concentration=fmt.concentration)
    env.globals.update(
        sparkline=charts.sparkline, sentiment_bar=charts.sentiment_bar, ci_bar=charts.ci_bar,
        journey_heatmap=charts.journey_heatmap, pain_colour=charts.pain_colour, one_day=timedelta(days=1),
    )
    return env


def render_html(context: dict) -> str:
    """The self-contained HTML report (autoescaped; charts are pre-escaped inline SVG)."""
    return _environment(markdown=False).get_template("report.html.j2").render(**context)


def render_digest(context: dict) -> str:
    """The short Markdown digest for chat or e-mail (customer text Markdown-escaped)."""
    return _environment(markdown=True).get_template("digest.md.j2").render(**context)
