"""Number formatting avoids false precision; Markdown escaping neutralises customer text."""

from __future__ import annotations

from suara.warehouse.report import format as fmt


def test_low_volume_figures_are_rounded_and_marked():
    assert fmt.pct(0.374) == "37%" and fmt.pct(0.374, low=True) == "\u224835%"
    assert fmt.nps(23.4) == "+23" and fmt.nps(-23.4, low=True) == "\u2248\u221220"
    assert fmt.points(-3.24) == "\u22123.2" and fmt.points(-3.24, low=True) == "\u2248\u22123"
    assert fmt.points(-3.24, low=True, approx=False) == "\u22123"
    assert fmt.nps(0.2) == "0" and fmt.pct(None) == fmt.DASH


def test_change_handles_missing_and_unbounded():
    assert fmt.change(0.5) == "+50%" and fmt.change(-0.25) == "\u221225%"
    assert fmt.change(float("inf")) == "new" and fmt.change(None) == fmt.DASH


def test_md_escape_neutralises_markdown_and_html():
    text = "**big** _it_ [x](http://e.x) <b>hi</b> `code` # h | t ~s~ &amp;\nnext"
    out = fmt.md_escape(text)
    assert "\\*\\*big\\*\\*" in out and "\\_it\\_" in out and "\\[x\\](http" in out
    assert "\\<b\\>" in out and "\\`code\\`" in out and "\\&amp;" in out
    assert "\n" not in out  # a comment cannot start a new Markdown block


def test_clean_text_cuts_at_a_word():
    text = "kata " * 100
    out = fmt.clean_text(text, 50)
    assert len(out) <= 51 and out.endswith("\u2026") and not out.endswith(" \u2026")
    assert fmt.clean_text("  a \n\t b ") == "a b"


def test_impacts_keep_the_precision_of_their_scale():
    # a theme moves a 1-5 star mean by hundredths: one decimal would print 0 (Play-store reviews, issue 11)
    assert fmt.impact(-0.042, "rating") == "\u22120.04" and fmt.impact(-0.042, "rating", low=True) == "\u2248\u22120.04"
    assert fmt.impact(0.004, "ces") == "0.00" and fmt.impact_unit("rating") == " stars"
    assert fmt.impact(-5.04, "nps") == "\u22125.0" and fmt.impact(-5.04, None, low=True) == "\u2248\u22125"
    assert fmt.impact(0.123, "csat") == "+12.3" and fmt.impact_unit("csat") == " CSAT pts"
    assert fmt.impact(None, "rating") == fmt.DASH


def test_impact_headings_name_the_score():
    assert fmt.impact_title(["rating", "rating"]) == "Star rating impact"
    assert fmt.impact_title([None, "nps"]) == "NPS impact" and fmt.impact_title([]) == "NPS impact"
    assert fmt.impact_title(["nps", "rating"]) == "Score impact"
    assert (fmt.items(1), fmt.items(0), fmt.items(1204)) == ("1 item", "0 items", "1,204 items")
