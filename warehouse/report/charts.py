"""Inline SVG charts for the report: free functions returning escaped SVG markup.

Every piece of text that reaches an SVG goes through :func:`markupsafe.escape`, so a
theme label or touchpoint name can never inject markup. The functions return
:class:`markupsafe.Markup`, which the autoescaping template inserts as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape
from suara.warehouse.report.format import ci_percent, impact_metric, pct

POSITIVE, NEUTRAL, NEGATIVE = "#2e9d6b", "#c3c9d2", "#d9463b"
INK, MUTED, GRID = "#1d2733", "#6b7785", "#dfe3e8"
# Pain scale for negative share: calm green, amber, strong red.
_PAIN_STOPS = ((0.0, (227, 242, 233)), (0.2, (253, 241, 211)), (0.4, (247, 185, 160)), (0.65, (196, 61, 50)))


def _svg(width: float, height: float, label: str, body: str, css_class: str) -> Markup:
    return Markup(
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def sparkline(values: Sequence[float], width: int = 96, height: int = 24, label: str = "Trend") -> Markup:
    """A line of volumes over periods, the last point marked; a flat dash when there is no series."""
    if len(values) < 2:
        mid = height / 2
        body = f'<line x1="2" y1="{mid}" x2="{width - 2}" y2="{mid}" stroke="{GRID}" stroke-width="2"/>'
        return _svg(width, height, f"{label}: not enough history", body, "spark")
    top = max(values) or 1
    step = (width - 6) / (len(values) - 1)
    pts = [(3 + i * step, height - 3 - (height - 6) * v / top) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    area = f"3,{height - 3} {path} {pts[-1][0]:.1f},{height - 3}"
    x, y = pts[-1]
    body = (
        f'<polygon points="{area}" fill="#e8eef7"/>'
        f'<polyline points="{path}" fill="none" stroke="#3a6ea5" stroke-width="1.6" stroke-linejoin="round"/>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{NEGATIVE}"/>'
    )
    summary = f"{label}: {', '.join(str(round(v)) for v in values)} (oldest to latest)"
    return _svg(width, height, summary, body, "spark")


def sentiment_bar(positive: int, neutral: int, negative: int, width: int = 120, height: int = 10) -> Markup:
    """A stacked bar of positive / neutral / negative counts (grey outline when there are none)."""
    total = positive + neutral + negative
    if total == 0:
        body = (f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" '
                f'fill="none" stroke="{GRID}"/>')
        return _svg(width, height, "No sentiment data", body, "sentbar")
    x, parts = 0.0, []
    for count, colour in ((positive, POSITIVE), (neutral, NEUTRAL), (negative, NEGATIVE)):
        w = width * count / total
        if w > 0:
            parts.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" fill="{colour}"/>')
        x += w
    label = (
        f"Positive {pct(positive / total)}, neutral {pct(neutral / total)}, "
        f"negative {pct(negative / total)} of {total}"
    )
    return _svg(width, height, label, "".join(parts), "sentbar")


def ci_bar(
    value: float | None, low: float | None, high: float | None, domain: tuple[float, float],
    width: int = 160, height: int = 18, *, level: float, metric: str | None = None,
) -> Markup:
    """One bar of a bar chart with a confidence-interval whisker, on a shared ``domain``.

    Bars grow left (red) for a negative impact and right (green) for a positive one; rows drawn with the
    same ``domain`` line up into one chart. ``level`` is the confidence level the interval was computed at
    (``themes.ci_level``); the accessible label states it and the score (``metric``: ``nps`` when ``None``,
    ``csat``, ``ces``, ``rating``; the values are on the marts' scale, as is ``domain``).
    """
    lo, hi = domain
    span = (hi - lo) or 1.0

    def at(v: float) -> float:
        return 4 + (width - 8) * (min(max(v, lo), hi) - lo) / span

    zero = at(0.0)
    body = [f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height}" stroke="{MUTED}" stroke-width="1"/>']
    if value is not None:
        x0, x1 = sorted((zero, at(value)))
        colour = NEGATIVE if value < 0 else POSITIVE
        body.append(f'<rect x="{x0:.1f}" y="{height * 0.25:.1f}" width="{max(x1 - x0, 1):.1f}" '
                    f'height="{height * 0.5:.1f}" fill="{colour}" opacity="0.85"/>')
    if low is not None and high is not None:
        a, b, mid = at(low), at(high), height / 2
        body.append(
            f'<g stroke="{INK}" stroke-width="1.2"><line x1="{a:.1f}" y1="{mid}" x2="{b:.1f}" y2="{mid}"/>'
            f'<line x1="{a:.1f}" y1="{mid - 4}" x2="{a:.1f}" y2="{mid + 4}"/>'
            f'<line x1="{b:.1f}" y1="{mid - 4}" x2="{b:.1f}" y2="{mid + 4}"/></g>'
        )
    name, scale, unit, digits = impact_metric(metric)
    unit = " points" if name == "NPS" else unit

    def text(v: float) -> str:
        return f"{v * scale:+.{digits}f}"

    label = f"{name[:1].upper()}{name[1:]} impact " + ("unknown" if value is None else f"{text(value)}{unit}")
    if low is not None and high is not None:
        label += f", {ci_percent(level)} interval {text(low)} to {text(high)}"
    return _svg(width, height, label, "".join(body), "cibar")


def ci_domain(rows: Sequence[tuple[float | None, float | None, float | None]]) -> tuple[float, float]:
    """A symmetric-enough domain holding zero and every value and interval end of ``rows``."""
    ends = [v for row in rows for v in row if v is not None] + [0.0]
    lo, hi = min(ends), max(ends)
    pad = 0.08 * ((hi - lo) or 1.0)
    return (lo - pad, hi + pad)


@dataclass(frozen=True)
class HeatCell:
    """One touchpoint tile of the journey heatmap."""

    name: str
    volume: int
    negative_share: float | None
    nps: float | None = None


def pain_colour(share: float | None) -> tuple[str, str]:
    """Fill and text colour for a negative share on the pain scale (grey when unknown)."""
    if share is None:
        return "#eef0f3", INK
    for (s0, c0), (s1, c1) in zip(_PAIN_STOPS, _PAIN_STOPS[1:], strict=False):
        if share <= s1:
            t = (share - s0) / (s1 - s0)
            rgb = tuple(round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True))
            break
    else:
        rgb = _PAIN_STOPS[-1][1]
    luminance = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    return "#{:02x}{:02x}{:02x}".format(*rgb), ("#ffffff" if luminance < 150 else INK)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _tile(x: float, y: float, w: float, h: float, cell: HeatCell, min_volume: int) -> str:
    fill, ink = pain_colour(cell.negative_share)
    low = cell.volume < min_volume
    if low:  # paler: the colour rests on few items
        ink = INK
    dash = ' stroke-dasharray="3 2"' if low else ""
    share = pct(cell.negative_share, low) + " neg." if cell.negative_share is not None else "no sentiment"
    detail = f"n={cell.volume:,} \u00b7 {share}"
    title = f"{cell.name}: {cell.volume:,} items" + (" (low volume)" if low else "")
    title += ", " + share.replace("neg.", "negative")
    if cell.nps is not None:
        title += f", NPS {cell.nps:+.0f}"
    return (
        f'<g><title>{escape(title)}</title>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="5" fill="{fill}" '
        f'fill-opacity="{0.45 if low else 1}" stroke="{"#6b7785" if low else fill}"{dash}/>'
        f'<text x="{x + 8:.1f}" y="{y + 17:.1f}" fill="{ink}" font-size="12" font-weight="600">'
        f"{escape(_shorten(cell.name, int(w / 7)))}</text>"
        f'<text x="{x + 8:.1f}" y="{y + 32:.1f}" fill="{ink}" font-size="11">'
        f"{escape(_shorten(detail, int(w / 6)))}</text>"
        "</g>"
    )


def journey_heatmap(
    stages: Sequence[tuple[str, Sequence[HeatCell]]], min_volume: int = 30, column_width: int | None = None,
) -> Markup:
    """Journey stages as columns (in journey order), their touchpoints as tiles coloured by pain.

    Args:
        stages: ``(stage name, tiles)`` in journey order.
        min_volume: tiles with fewer items get a dashed outline and a "low volume" note.
        column_width: width of one stage column in pixels (default: fit about 1,100 pixels).
    """
    tile_h, gap, head = 40, 6, 26
    column_width = column_width or max(150, min(240, 1100 // max(len(stages), 1)))
    rows = max((len(cells) for _, cells in stages), default=0) or 1
    width = max(len(stages), 1) * column_width
    height = head + rows * (tile_h + gap) + 2
    parts = []
    for i, (stage, cells) in enumerate(stages):
        x = i * column_width + 2
        heading = escape(_shorten(stage.upper(), int(column_width / 8)))
        parts.append(f'<text x="{x + 2:.1f}" y="16" fill="{MUTED}" font-size="11" font-weight="700" '
                     f'letter-spacing="0.06em">{heading}</text>')
        for j, cell in enumerate(cells):
            parts.append(_tile(x, head + j * (tile_h + gap), column_width - 8, tile_h, cell, min_volume))
        if not cells:
            parts.append(f'<rect x="{x:.1f}" y="{head}" width="{column_width - 8}" height="{tile_h}" rx="5" '
                         f'fill="none" stroke="{GRID}" stroke-dasharray="4 3"/>'
                         f'<text x="{x + 8:.1f}" y="{head + 24}" fill="{MUTED}" '
                         'font-size="11">no feedback</text>')
    n_tiles = sum(len(c) for _, c in stages)
    label = (f"Journey heatmap: {n_tiles} touchpoints in {len(stages)} stages, "
             "coloured by share of negative feedback")
    return _svg(width, height, label, "".join(parts), "heatmap")
