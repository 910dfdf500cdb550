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
