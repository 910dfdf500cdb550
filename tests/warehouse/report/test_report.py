"""The theme report (issue 5): content from seeded marts, escaping, empty / one / 200 themes, digest."""

from __future__ import annotations

import re
from pathlib import Path

from suara.warehouse.report import DIGEST_NAME, HTML_NAME, render_report

from tests.warehouse.report.seed import (
    LAST_WEEK,
    LEAKED_EMAIL,
    LEAKED_PHONE,
    MALICIOUS_LABEL,
    MALICIOUS_QUOTE,
    STORIES,
    feedback_rows,
    many_stories,
    seed_marts,
)

EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']?(https?:|//)|@import|url\(\s*["']?https?:""", re.I)


def _render(con, cfg) -> tuple[dict, str, str]:
    result = render_report(con, cfg)
    return result, Path(result["html"]).read_text("utf-8"), Path(result["digest"]).read_text("utf-8")


def _section(html: str, heading_id: str) -> str:
    """The HTML from a section's heading to the next heading (or the footer)."""
    start = html.index(f'id="{heading_id}"')
    ends = [i for i in (html.find("<h2", start), html.find("<footer", start)) if i > 0]
    return html[start: min(ends)]


def _comment(text: str, theme: str = "T01", **extra) -> dict:
    row = {
        "feedback_id": f"x-{abs(hash(text))}", "source": "app_reviews", "source_id": "x", "kind": "review",
        "created_at": f"{LAST_WEEK.isoformat()} 09:00:00", "text": text, "language": "en",
        "sentiment_label": "negative", "sentiment_score": -0.99, "nps": None, "csat": None, "ces": None,
        "rating": 1, "touchpoint": "checkout_payment", "journey_stage": "purchase", "theme_id": theme,
    }
    return row | extra


def test_writes_both_files_into_the_configured_folder(seeded_marts, report_cfg, tmp_path):
    result, html, digest = _render(seeded_marts, report_cfg)
    assert Path(result["html"]) == tmp_path / "reports" / HTML_NAME
    assert Path(result["digest"]) == tmp_path / "reports" / DIGEST_NAME
    assert result["period"] == LAST_WEEK.isoformat()
    assert result["pain_points"] == len(STORIES) and result["themes"] == len(STORIES)
    assert result["emerging"] == 1 and result["missing_marts"] == []
    assert html.startswith("<!doctype html>") and digest.strip()


def test_headline_figures_match_the_feedback_rows(seeded_marts, report_cfg):
    rows = [r for r in feedback_rows() if r["created_at"].date() >= LAST_WEEK]
    scores = [r["nps"] for r in rows if r["nps"] is not None]
    nps = round(100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores))
    negative = round(100 * sum(r["sentiment_label"] == "negative" for r in rows) / len(rows))
    _, html, digest = _render(seeded_marts, report_cfg)
    values = re.findall(r'<div class="value">([^<]*)</div>', html)
    assert values[0] == f"{len(rows):,}"
    assert values[1] == (f"+{nps}" if nps > 0 else f"\u2212{abs(nps)}")
    stars = [r["rating"] for r in rows if r["rating"] is not None]
    assert values[3] == f"{sum(stars) / len(stars):.2f}\u2605"  # the mean star rating of the reviews
    assert values[4] == f"{negative}%"
    assert "previous week" in html and ("\u25b2" in html or "\u25bc" in html)
    assert f"**{len(rows):,}**" in digest


def test_planted_stories_lead_the_report(seeded_marts, report_cfg):
    _, html, _ = _render(seeded_marts, report_cfg)
    top = _section(html, "h-pain")
    assert top.index("Payment failed") < top.index("Late delivery")
    assert "Checkout and payment" in top and "emerging" in top
    assert "Payment failed" in _section(html, "h-emerging")
    bright = _section(html, "h-bright")
    assert "Friendly courier" in bright and "Payment failed" not in bright
    # Languages and the period are stated.
    assert "Indonesian" in html and "English" in html and "Week of 26 Oct 2026" in html


def test_pain_point_shows_bilingual_quotes_sparkline_split_and_interval(seeded_marts, report_cfg):
    _, html, _ = _render(seeded_marts, report_cfg)
    said = _section(html, "h-said")
    first_card = said[: said.index("#2 ")]
    assert 'lang="id"' in first_card and 'lang="en"' in first_card
    assert 2 <= first_card.count("<blockquote") <= 3
    row = _section(html, "h-pain").split("<tr>")[2]  # header row first
    assert 'class="spark"' in row and 'class="sentbar"' in row and 'class="cibar"' in row
    assert re.search(r"\(90% CI \u2212\d+\.\d to \u2212\d+\.\d\)", row)  # a CI with decimals: enough volume


def test_pain_point_sparkline_counts_its_themes_complaints(seeded_marts, report_cfg):
    # T02 (late delivery) holds 73 non-negative items of 253: its sparkline draws the negative ones per week.
    _, html, _ = _render(seeded_marts, report_cfg)
    row = next(r for r in _section(html, "h-pain").split("<tr>") if "Late delivery" in r)
    drawn = re.search(r"<title>Complaints per week about [^:]*: ([\d, ]+) \(oldest to latest\)</title>", row)
    weeks = seeded_marts.execute(
        "select count(*) filter (where sentiment_label = 'negative') from marts.feedback where theme_id = 'T02' "
        "group by date_trunc('week', created_at) order by date_trunc('week', created_at)").fetchall()
    assert drawn and [int(v) for v in drawn.group(1).split(", ")] == [n for (n,) in weeks][-12:]


def test_small_numbers_are_flagged_and_rounded(seeded_marts, report_cfg):
    _, html, _ = _render(seeded_marts, report_cfg)
    rows = _section(html, "h-pain").split("<tr>")
    packaging = next(r for r in rows if "Damaged packaging" in r)  # 5 items
    assert "low volume" in packaging and "\u2248100%" in packaging
    figures = re.sub(r"<svg.*?</svg>", "", packaging.split("</td>", 2)[2], flags=re.S)
    assert not re.search(r"\d\.\d", figures)  # no false precision past the label cell


def test_customer_text_is_escaped_everywhere(fresh_db, report_cfg):
    seed_marts(fresh_db, extra=[_comment(MALICIOUS_QUOTE)], labels={"T01": MALICIOUS_LABEL})
    _, html, digest = _render(fresh_db, report_cfg)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Complaints per week about &lt;script&gt;" in html  # SVG text is escaped too
    assert "\\<script\\>" in digest and not re.search(r"(?<!\\)<", digest)
    assert "\\*\\*crash\\*\\* \\[x\\](http" in digest  # Markdown in a label stays literal


def test_report_makes_no_external_references(seeded_marts, report_cfg):
    _, html, _ = _render(seeded_marts, report_cfg)
    assert not EXTERNAL.search(html)
    assert "default-src 'none'" in html  # the CSP blocks scripts and loads even if escaping failed


def test_empty_marts_give_a_clear_empty_report(fresh_db, report_cfg):
    seed_marts(fresh_db, stories=[])
    result, html, digest = _render(fresh_db, report_cfg)
    assert result["pain_points"] == 0 and result["items"] == 0
    assert "No pain points for this period" in html
    assert "Nothing is emerging" in html and "No touchpoint data" in html
    assert "No pain points this period." in digest


def test_missing_marts_are_named(fresh_db, report_cfg):
    result, html, _ = _render(fresh_db, report_cfg)
    assert "marts.pain_points" in result["missing_marts"]
    assert "Some marts are missing" in html and "suara themes" in html


def test_one_item_renders(fresh_db, report_cfg):
    theme = STORIES[0]
    one = [(theme[0], theme[1], theme[2], theme[3], 1.0, [0] * 7 + [1], theme[6][:1], [])]
    seed_marts(fresh_db, one)
    result, html, digest = _render(fresh_db, report_cfg)
    assert result["items"] == 1 and result["pain_points"] == 1
    assert "1 item from 1 source" in html and "low volume" in html
    assert "Payment failed" in digest


def test_two_hundred_themes_stay_readable(fresh_db, report_cfg):
    seed_marts(fresh_db, STORIES + many_stories(200))
    result, html, _ = _render(fresh_db, report_cfg)
    assert result["themes"] == 208
    top = _section(html, "h-pain")
    assert top.count('<td class="rank">') == report_cfg.report.top_n
    assert "<details>" in _section(html, "h-all")  # the long list is folded
    assert len(html) < 1_500_000


def test_digest_is_short_and_complete(seeded_marts, report_cfg):
    _, _, digest = _render(seeded_marts, report_cfg)
    lines = [line for line in digest.splitlines() if line.strip()]
    assert len(lines) <= 25
    assert "NPS" in digest and "CSAT" in digest and "Negative" in digest
    pain = digest[digest.index("**Top pain points**"): digest.index("**Emerging**")]
    assert pain.count("\n1. ") == 1 and "\n5. " in pain and "\n6. " not in pain
    assert "Payment failed" in pain.split("\n2. ")[0] and "EMERGING" in pain
    assert "**Bright spot**: Friendly courier" in digest


def test_no_personal_data_in_outputs(fresh_db, report_cfg):
    from suara.nlp import pii
    leak = f"Payment failed, call me at {LEAKED_PHONE} or mail {LEAKED_EMAIL}"
    assert LEAKED_EMAIL not in pii.redact(leak)
    seed_marts(fresh_db, extra=[_comment(leak)])
    _, html, digest = _render(fresh_db, report_cfg)
    assert "call me at" in html  # the leaking comment is shown ...
    for text in (html, digest):  # ... without the personal data
        assert LEAKED_EMAIL not in text and "3456-7890" not in text
