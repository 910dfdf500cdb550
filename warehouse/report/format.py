"""Number formatting and text escaping shared by the HTML report and the Markdown digest.

Figures from few responses are shown rounded with ``≈`` (and flagged by the templates)
instead of with false precision.
"""

from __future__ import annotations

import re

MINUS = "\u2212"
DASH = "\u2013"
# Parentheses and "!" only act after "]", which is escaped, so numbers like "(+3)" stay readable.
_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>#|~&])")
_SPACE = re.compile(r"\s+")


def _signed(value: float, digits: int) -> str:
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def _rounded(value: float, step: float) -> float:
    return round(value / step) * step


def num(value: float | None) -> str:
    """Integer with thousands separators; a dash when missing."""
    return DASH if value is None else f"{round(value):,}"


def pct(value: float | None, low: bool = False) -> str:
    """A share 0..1 as a whole percentage; ``≈`` and rounded to 5 points when ``low``."""
    if value is None:
        return DASH
    if low:
        return f"\u2248{_rounded(100 * value, 5):.0f}%"
    return f"{100 * value:.0f}%"


def concentration(segment: dict) -> str:
    """Where a pain point is concentrated, e.g. ``62% from Sumatera Utara (region) vs 9% of all feedback``."""
    return (f"{pct(segment['share_of_pain_point'])} from {segment['value']} ({segment['dimension']}) "
            f"vs {pct(segment['share_of_all'])} of all feedback")


def nps(value: float | None, low: bool = False) -> str:
    """An NPS (-100..100) as a signed whole number; ``≈`` and rounded to 10 when ``low``."""
    if value is None:
        return DASH
    if low:
        return "\u2248" + _signed(_rounded(value, 10), 0)
    return _signed(value, 0)


def points(value: float | None, low: bool = False, approx: bool = True) -> str:
    """An NPS impact in points with one decimal (whole points, marked ``≈`` if ``approx``, when ``low``)."""
    if value is None:
        return DASH
    if low:
        return ("\u2248" if approx else "") + _signed(value, 0)
    return _signed(value, 1)


IMPACT_METRICS = {
    "nps": ("NPS", 1.0, " pts", 1),
    "csat": ("CSAT", 100.0, " CSAT pts", 1),
    "ces": ("CES", 1.0, " CES", 2),
    "rating": ("star rating", 1.0, " stars", 2),
}
"""Per ``impact_metric`` of the marts: its name, the scale the report shows it on (CSAT shares as percentage
points), its unit and its decimals. A theme moves a 1-5 star rating or a 1-7 CES by hundredths (-0.04 stars),
which one decimal would show as 0."""


def impact_metric(metric: str | None) -> tuple[str, float, str, int]:
    """``(name, scale, unit, decimals)`` of an impact metric (:data:`IMPACT_METRICS`; NPS when unknown)."""
    return IMPACT_METRICS.get(metric or "nps", IMPACT_METRICS["nps"])


def metric_name(metric: str | None) -> str:
    """The score a pain point's impact is on, as readers call it: ``NPS``, ``CSAT``, ``CES``, ``star rating``."""
    return impact_metric(metric)[0]


def impact_unit(metric: str | None) -> str:
    """The unit after an impact figure: `` pts`` (NPS), `` CSAT pts``, `` CES``, `` stars``."""
    return impact_metric(metric)[2]


def scaled(value: float | None, metric: str | None) -> float | None:
    """An impact on ``metric`` as the report shows it (CSAT shares as percentage points)."""
    return None if value is None else value * impact_metric(metric)[1]


def impact(value: float | None, metric: str | None = None, low: bool = False, approx: bool = True) -> str:
    """An impact on ``metric`` (``nps`` when unknown), scaled, without its unit.

    NPS and CSAT points as :func:`points`; CES and stars with two decimals (``≈`` when ``low``): a theme moves
    a mean rating by hundredths.
    """
    value = scaled(value, metric)
    if impact_metric(metric)[3] == 1 or value is None:
        return points(value, low, approx)
    return ("\u2248" if low and approx else "") + _signed(value, 2)


def items(count: int | None) -> str:
    """``1 item``, ``12 items``, ``1,204 items``."""
    return f"{num(count)} item" + ("" if count == 1 else "s")


def score_name(metrics: list[str | None]) -> str | None:
    """The one score every row of ``metrics`` is on (``NPS`` for no rows), ``None`` when they differ."""
    names = {metric_name(m) for m in metrics} or {metric_name(None)}
    return names.pop() if len(names) == 1 else None


def impact_title(metrics: list[str | None]) -> str:
    """The heading over impacts on ``metrics``: ``Star rating impact`` and the like, or ``Score impact``.

    One score's name when every row is on it (no rows: ``NPS impact``), ``Score impact`` when they differ.
    """
    name = score_name(metrics)
    return "Score impact" if name is None else f"{name[:1].upper()}{name[1:]} impact"


def change(value: float | None) -> str:
    """A relative change (0.5 = +50%) as a signed percentage; ``new`` when it is unbounded."""
    if value is None:
        return DASH
    if value != value or abs(value) == float("inf"):  # NaN or inf: nothing to compare with
        return "new"
    return _signed(100 * value, 0) + "%"


def trend(difference: float | None, volume: float | None) -> str:
    """Change in volume vs the previous period: ``+52 (+650%)``; the percentage only from 5+ items before."""
    if difference is None or volume is None:
        return DASH
    before = volume - difference
    if before <= 0:
        return "new" if volume > 0 else "0"
    text = _signed(difference, 0)
    return f"{text} ({change(difference / before)})" if before >= 5 and difference else text


def clean_text(text: str | None, limit: int = 280) -> str:
    """Collapse whitespace and cut long customer text at a word boundary with an ellipsis."""
    text = _SPACE.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "\u2026"


def ci_percent(level: float) -> str:
    """A confidence level as a percentage label: ``0.9`` -> ``"90%"``, ``0.975`` -> ``"97.5%"``."""
    return f"{level * 100:.1f}".rstrip("0").rstrip(".") + "%"


def ci_label(level: float) -> str:
    """The short label of an interval computed at ``level`` (``"90% CI"``): figures never claim another level."""
    return f"{ci_percent(level)} CI"


def md_escape(value: object) -> str:
    """Escape the characters Markdown (CommonMark, GFM, Slack) would act on in customer text."""
    text = _SPACE.sub(" ", str(value))
    return _MD_ACTIVE.sub(r"\\\1", text)


def pretty_id(identifier: str | None) -> str:
    """A readable name for an id the taxonomy does not name (``checkout_payment`` -> ``Checkout payment``)."""
    if not identifier:
        return "Unlinked"
    text = identifier.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
