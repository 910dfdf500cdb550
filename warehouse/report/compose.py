"""Arrange the mart data into the report's sections (no markup here; templates render it)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml
from suara.warehouse.report import data
from suara.warehouse.report import format as fmt
from suara.warehouse.report.charts import HeatCell
from suara.warehouse.report.format import clean_text, pretty_id

log = logging.getLogger("suara.report")
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English", "ms": "Malay", "jv": "Javanese", "su": "Sundanese"}
DEFAULT_STAGE_ORDER = ("awareness", "consideration", "purchase", "retention", "service", "advocacy")
# Higher is better for these headline figures; "volume" is neither good nor bad.
GOOD_WHEN_UP = {"nps": True, "csat": True, "rating": True, "negative_share": False}


@functools.cache
def _redactor() -> Callable[[str], str] | None:
    try:
        from suara.nlp.pii import redact
    except ImportError:
        log.warning("suara.nlp.pii is not available: quotes are shown as stored in the (already redacted) marts")
        return None
    return redact


def safe_text(text: str | None, limit: int = 280) -> str:
    """Customer text for display: redacted again (defence in depth), whitespace collapsed, cut."""
    redact = _redactor()
    text = text or ""
    return clean_text(redact(text) if redact else text, limit)


@dataclass(frozen=True)
class Journey:
    """Display names and order from the journey taxonomy (ids as the marts show them)."""

    stage_order: tuple[str, ...] = DEFAULT_STAGE_ORDER
    stage_names: dict[str, str] = field(default_factory=dict)
    touchpoint_names: dict[str, str] = field(default_factory=dict)

    def stage(self, stage_id: str | None) -> str:
        """English name of a stage."""
        return self.stage_names.get(stage_id or "", pretty_id(stage_id) if stage_id else "Other")

    def touchpoint(self, touchpoint_id: str | None) -> str:
        """English name of a touchpoint."""
        return self.touchpoint_names.get(touchpoint_id or "", pretty_id(touchpoint_id))


def _english(name: object, fallback: str) -> str:
    if isinstance(name, dict):
        return str(name.get("en") or next(iter(name.values()), fallback))
    return str(name) if name else fallback


def load_journey(path: Path) -> Journey:
    """Read names and stage order from the taxonomy YAML; defaults when it cannot be read."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        stages = [s for s in doc.get("stages", []) if isinstance(s, dict) and s.get("id")]
        points = [t for t in doc.get("touchpoints", []) if isinstance(t, dict) and t.get("id")]
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        log.warning("%s: journey taxonomy not readable (%s); using ids as names", path, exc)
        return Journey()
    return Journey(
        stage_order=tuple(str(s["id"]) for s in stages) or DEFAULT_STAGE_ORDER,
        stage_names={str(s["id"]): _english(s.get("name"), pretty_id(str(s["id"]))) for s in stages},
        touchpoint_names={str(t["id"]): _english(t.get("name"), pretty_id(str(t["id"]))) for t in points},
    )


def _delta_text(metric: data.Metric, delta: float | None) -> str:
    if delta is None:
        return ""
    if metric.key == "volume":
        return fmt.change(delta / metric.previous) if metric.previous else ""
    if metric.key == "rating":
        return fmt.impact(delta, "rating") + " stars"
    scaled = delta if metric.key == "nps" else 100 * delta
    return fmt.nps(scaled) + " pts"


def _value_text(key: str, value: float | None, low: bool) -> str:
    if key == "volume":
        return fmt.num(value)
    if key == "rating":
        return fmt.DASH if value is None else ("\u2248" if low else "") + f"{value:.{1 if low else 2}f}\u2605"
    return fmt.nps(value, low) if key == "nps" else fmt.pct(value, low)


def card(metric: data.Metric, min_volume: int) -> dict:
    """A headline card: value, previous value, direction and tone of the change, low-volume flag."""
    # No data at all shows a dash, not a "low volume" badge.
    low = metric.key != "volume" and 0 < metric.n < min_volume
    previous_low = metric.key != "volume" and 0 < metric.previous_n < min_volume
    delta = None
    if metric.current is not None and metric.previous is not None:
        delta = metric.current - metric.previous
    direction = "flat" if not delta else ("up" if delta > 0 else "down")
    good_up = GOOD_WHEN_UP.get(metric.key)
    tone = "neutral" if good_up is None or direction == "flat" else (
        "good" if (direction == "up") == good_up else "bad")
    return {
        "key": metric.key, "metric": metric, "direction": direction, "tone": tone, "low": low,
        "value_text": _value_text(metric.key, metric.current, low),
        "previous_text": _value_text(metric.key, metric.previous, previous_low),
        "delta_text": _delta_text(metric, delta) if not (low or previous_low) else "",
    }


def pick_quotes(candidates: list[dict], n: int, negative: bool) -> list[dict]:
    """Up to ``n`` distinct quotes alternating languages, most negative (or positive) first."""
    rank = "negative_rank" if negative else "positive_rank"
    unwanted = "positive" if negative else "negative"
    by_language: dict[str, list[dict]] = {}
    for row in sorted(candidates, key=lambda r: r[rank]):
        if row["sentiment_label"] != unwanted:
            by_language.setdefault(row["language"], []).append(row)
    queues = sorted(by_language.values(), key=len, reverse=True)
    chosen, seen = [], set()
    while len(chosen) < n and any(queues):
        for queue in queues:
            if queue and len(chosen) < n:
                row = queue.pop(0)
                text = safe_text(row["text"])
                if text and text.lower() not in seen:
                    seen.add(text.lower())
                    chosen.append({"text": text, "language": row["language"],
                                   "language_name": LANGUAGE_NAMES.get(row["language"], row["language"]),
                                   "sentiment": row["sentiment_label"]})
    return chosen


ALSO_SHOWN = 3
"""Other touchpoints named after a top pain point; the rest are counted ("and 4 more")."""


def also_text(touchpoints: list[str], journey: Journey) -> str:
    """``Customer service, Billing and invoices, Returns and refunds and 4 more``: a theme's other touchpoints."""
    names = [journey.touchpoint(t) for t in touchpoints[:ALSO_SHOWN]]
    rest = len(touchpoints) - len(names)
    return ", ".join(names) + (f" and {rest} more" if rest else "")


def attach(points: list[data.PainPoint], quotes: list[dict], sparks: dict[str, list[int]], n: int,
           negative: bool) -> None:
    """Give each pain point its sparkline and quotes (its touchpoint's first, else the theme's)."""
    by_key: dict[tuple[str, str], list[dict]] = {}
    by_theme: dict[str, list[dict]] = {}
    for row in quotes:
        by_key.setdefault((row["theme_id"], row["touchpoint"]), []).append(row)
        by_theme.setdefault(row["theme_id"], []).append(row)
    for point in points:
        point.label = safe_text(point.label, 120)
        point.spark = sparks.get(point.theme_id, [])
        rows = by_key.get((point.theme_id, point.touchpoint)) or by_theme.get(point.theme_id, [])
        point.quotes = pick_quotes(rows, n, negative)


def heatmap_stages(rows: list[dict], journey: Journey, min_volume: int) -> list[tuple[str, list[HeatCell]]]:
    """Scorecard rows grouped into journey stages in taxonomy order, worst well-sampled touchpoint first."""
    grouped: dict[str | None, list[HeatCell]] = {}
    for row in rows:
        if row["touchpoint"] in (None, "unlinked"):
            continue
        cell = HeatCell(journey.touchpoint(row["touchpoint"]), int(row["volume"] or 0),
                        row["negative_share"], row["nps"])
        grouped.setdefault(row["journey_stage"], []).append(cell)
    if grouped and journey.stage_names:  # a real taxonomy: show its empty stages too
        for stage in journey.stage_order:
            grouped.setdefault(stage, [])
    order = {stage: i for i, stage in enumerate(journey.stage_order)}
    stages = sorted(grouped, key=lambda s: (order.get(s, len(order)), s or "~"))
    def worst_first(cell: HeatCell) -> tuple[bool, float]:
        return (cell.volume < min_volume, -(cell.negative_share or 0))

    return [(journey.stage(s), sorted(grouped[s], key=worst_first)) for s in stages]


def generated_at() -> str:
    """Local time stamp shown in the header."""
    return datetime.now().astimezone().strftime("%d %b %Y %H:%M %Z").strip()
