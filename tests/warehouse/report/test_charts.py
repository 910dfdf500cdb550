"""Chart functions return escaped inline SVG with the right geometry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from suara.warehouse.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # also proves the markup is well-formed XML


def test_sparkline_has_one_point_per_period_and_marks_the_last():
    root = _tree(charts.sparkline([1, 4, 2, 9], width=100, height=20))
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 4
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[3] == min(ys)  # the largest value is drawn highest
    dot = root.find(f"{SVG}circle")
    assert float(dot.get("cx")) == float(points[-1].split(",")[0])


def test_sparkline_without_history_is_a_flat_placeholder():
    root = _tree(charts.sparkline([5]))
    assert root.find(f"{SVG}polyline") is None and root.find(f"{SVG}line") is not None
    assert "not enough history" in root.find(f"{SVG}title").text


def test_sentiment_bar_widths_are_proportional():
    root = _tree(charts.sentiment_bar(1, 1, 2, width=100))
    widths = [float(r.get("width")) for r in root.findall(f"{SVG}rect")]
    assert widths == [25.0, 25.0, 50.0]
    assert "negative 50%" in root.find(f"{SVG}title").text
    assert _tree(charts.sentiment_bar(0, 0, 0)).find(f"{SVG}title").text == "No sentiment data"


def test_ci_bar_whisker_spans_the_interval_on_the_shared_domain():
    root = _tree(charts.ci_bar(-5, -8, -2, domain=(-10, 10), width=108, level=0.9))
    assert root.find(f"{SVG}title").text == "NPS impact -5.0 points, 90% interval -8.0 to -2.0"
    bar = root.find(f"{SVG}rect")
    assert float(bar.get("x")) == 4 + 100 * 5 / 20  # value -5 on [-10, 10]
    assert float(bar.get("width")) == 25 and bar.get("fill") == charts.NEGATIVE
    whisker = root.find(f"{SVG}g").findall(f"{SVG}line")[0]
    assert (float(whisker.get("x1")), float(whisker.get("x2"))) == (4 + 10, 4 + 40)
    assert charts.ci_domain([(-5, -8, -2), (3, 1, 6)])[0] < -8


def test_ci_bar_names_the_score_it_is_on():
    stars = _tree(charts.ci_bar(-0.042, -0.081, -0.011, domain=(-0.1, 0.1), level=0.9, metric="rating"))
    assert stars.find(f"{SVG}title").text == "Star rating impact -0.04 stars, 90% interval -0.08 to -0.01"
    csat = _tree(charts.ci_bar(-0.05, -0.08, -0.02, domain=(-0.1, 0.1), level=0.9, metric="csat"))
    assert csat.find(f"{SVG}title").text == "CSAT impact -5.0 CSAT pts, 90% interval -8.0 to -2.0"


def test_ci_bar_states_the_level_it_is_given():
    for level, text in ((0.8, "80% interval"), (0.95, "95% interval"), (0.975, "97.5% interval")):
        assert text in _tree(charts.ci_bar(-5, -8, -2, domain=(-10, 10), level=level)).find(f"{SVG}title").text


def test_pain_colour_gets_redder_with_negative_share():
    reds = [int(charts.pain_colour(s)[0][1:3], 16) - int(charts.pain_colour(s)[0][3:5], 16) for s in
            (0.0, 0.3, 0.6, 0.9)]
    assert reds == sorted(reds) and reds[0] < reds[-1]
    assert charts.pain_colour(0.9)[1] == "#ffffff"  # white text on the dark end
    assert charts.pain_colour(None)[0] == "#eef0f3"


def test_heatmap_escapes_names_and_flags_low_volume():
    cells = [charts.HeatCell("<b>Pay</b> & go", 100, 0.7), charts.HeatCell("Packaging", 4, 0.9)]
    svg = str(charts.journey_heatmap([("Purchase", cells), ("Advocacy", [])], min_volume=30))
    root = _tree(svg)
    assert "<b>" not in svg and "&lt;b&gt;Pay&lt;/b&gt; &amp; go" in svg
    assert "Packaging: 4 items (low volume)" in svg
    assert "no feedback" in svg  # an empty stage keeps its column
    assert len(root.findall(f"{SVG}g")) == 2
    assert re.search(r'stroke-dasharray="3 2"', svg)
