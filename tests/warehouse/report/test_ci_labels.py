"""Issue 15: every interval in the report and digest states the level it was computed at (themes.ci_level)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from suara.flows.config import SuaraConfig
from suara.warehouse.report import render_report
from suara.warehouse.report.format import ci_label, ci_percent

# Any "NN% CI", "NN% interval" or "NN% bootstrap" claim, whatever the level.
LEVEL_CLAIM = re.compile(r"(\d+(?:\.\d+)?)%\s*(?:CI|interval|bootstrap)")


@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.975])
def test_every_interval_label_states_the_configured_level(seeded_marts, tmp_path, level):
    cfg = SuaraConfig(base_dir=tmp_path, themes={"ci_level": level}, report={"timezone": "UTC"})
    result = render_report(seeded_marts, cfg)
    html = Path(result["html"]).read_text("utf-8")
    digest = Path(result["digest"]).read_text("utf-8")
    expected = ci_percent(level)[:-1]
    for name, text in (("html", html), ("digest", digest)):
        claims = LEVEL_CLAIM.findall(text)
        assert claims, f"{name} states no interval level"
        assert set(claims) == {expected}, (name, set(claims))
    # The table header, every interval shown next to a figure, the chart labels and the explanation.
    assert f"NPS impact ({expected}% CI)" in html and f"(NPS impact, {expected}% CI)" in digest
    shown = html.count('<span class="ci"')
    assert shown and html.count(f'<span class="ci" title="{expected}% CI">({expected}% CI ') == shown
    assert html.count(f"{expected}% interval") >= 3  # one per charted pain point
    assert f"a {expected}% bootstrap interval" in html


def test_level_labels():
    assert (ci_percent(0.9), ci_percent(0.95), ci_percent(0.975), ci_percent(0.8)) == ("90%", "95%", "97.5%", "80%")
    assert ci_label(0.9) == "90% CI"
