"""The report's pain-point selection rule and "what works well" without NPS (issue 11 item 4).

A review-only warehouse (star ratings, no NPS) whose largest theme is mostly praise at the 'unlinked'
touchpoint, as on the real marketplace reviews of issue 11: the mart ranks that blob first by volume of
negative mentions, the report must not; the bright spots come from the rating impact.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from suara.flows.config import SuaraConfig, ThemeConfig
from suara.warehouse import marts
from suara.warehouse.report import data, render_report
from suara.warehouse.report.compose import Journey, also_text

from tests.warehouse.report.seed import create_marts, feedback_rows
from tests.warehouse.report.test_report_real_marts import _seed_core

STORIES = [
    ("B01", "Pengiriman cepat, sesuai, bagus / fast delivery as described", "unlinked", None, 0.25,
     [600, 650, 700], ["Pengiriman cepat, barang sesuai pesanan, bagus"], ["Fast delivery, as described, good"]),
    ("U01", "Barang, beli, dikirim / item, bought, sent", "unlinked", None, 0.85,
     [100, 110, 120], ["Barang yang dikirim tidak sesuai, penipu"], ["The item I bought is not what was sent"]),
    ("P01", "Payment failed, balance deducted / gagal bayar", "checkout_payment", "purchase", 0.9,
     [8, 9, 30], ["Pembayaran gagal tapi saldo terpotong"], ["Payment failed but I was charged"]),
    ("L01", "Late delivery / paket telat", "delivery_shipping", "purchase", 0.75,
     [15, 14, 16], ["Paket telat seminggu"], ["My parcel arrived a week late"]),
    ("C01", "Friendly courier / kurir ramah", "delivery_shipping", "purchase", 0.05,
     [20, 22, 24], ["Kurirnya ramah dan sopan"], ["The courier was friendly and careful"]),
]


def _review_rows() -> list[dict]:
    """Every item a star-rated review (5 praise, 1 complaint, 3 otherwise); nobody answered NPS or CSAT."""
    rows = feedback_rows(STORIES)
    stars = {"positive": 5, "negative": 1, "neutral": 3}
    for row in rows:
        row.update(source="app_reviews", kind="review", nps=None, csat=None, rating=stars[row["sentiment_label"]])
    return rows


@pytest.fixture
def review_marts(fresh_db):
    _seed_core(fresh_db, _review_rows(), STORIES)
    marts.build_marts(fresh_db, SuaraConfig(themes=ThemeConfig(bootstrap_samples=200), report={"timezone": "UTC"}))
    return fresh_db


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(f'id="{start}"'): html.index(f'id="{end}"')]


def test_mart_ranks_unlinked_blobs_last_and_uses_the_rating(review_marts):
    ranked = review_marts.execute(
        "select theme_id, touchpoint, impact_metric, negative_share, positive_share from marts.pain_points "
        "where period_type = 'week' "
        "and period = (select max(period) from marts.pain_points where period_type = 'week') order by rank"
    ).fetchall()
    # the two big unlinked blobs have the most negative mentions, yet rank after every linked complaint
    unlinked = [i for i, r in enumerate(ranked) if r[1] == "unlinked"]
    complaints = [i for i, r in enumerate(ranked) if r[1] != "unlinked" and r[3] >= r[4]]
    assert {ranked[i][0] for i in unlinked} >= {"B01", "U01"} and max(complaints) < min(unlinked)
    metrics = review_marts.execute("select distinct impact_metric from marts.pain_points").fetchall()
    assert metrics == [("rating",)]


def test_report_never_leads_with_an_unlinked_or_mostly_positive_theme(review_marts, report_cfg):
    html = Path(render_report(review_marts, report_cfg)["html"]).read_text("utf-8")
    top = _section(html, "h-pain", "h-emerging")
    rows = top.split('<td class="rank">')[1:]
    assert rows and "Payment failed" in rows[0]
    assert "Pengiriman cepat" not in top and "Barang, beli" not in top and "Friendly courier" not in top
    assert "Late delivery" in top


def test_what_works_well_uses_the_rating_without_nps(review_marts, report_cfg):
    result = render_report(review_marts, report_cfg)
    html = Path(result["html"]).read_text("utf-8")
    digest = Path(result["digest"]).read_text("utf-8")
    assert re.search(r"lifts star rating by \+\d\.\d\d stars", digest)  # the bright spot's impact, in stars
    bright = _section(html, "h-bright", "h-said")
    assert "Friendly courier" in bright and "themes that lift star rating" in bright
    assert 'title="impact on star rating"' in bright and " stars</span>" in bright  # not as a missing NPS
    assert "Payment failed" not in bright
    spots = review_marts.execute(
        "select theme_id, impact_metric, impact > 0 from marts.bright_spots where period_type = 'week' "
        "and period = (select max(period) from marts.bright_spots) and theme_id = 'C01'").fetchall()
    assert spots == [("C01", "rating", True)]


def test_mostly_positive_rows_and_themes_stay_out_of_the_top_even_when_they_drag(fresh_db):
    create_marts(fresh_db)
    fresh_db.execute("insert into marts.feedback (feedback_id, created_at, theme_id) "
                     "values ('f1', timestamp '2026-10-07 10:00', 'T1')")
    fresh_db.execute(
        "insert into marts.themes (theme_id, label, positive_share, negative_share, status) values "
        "('T1', 'Great app, sometimes slow', 0.7, 0.2, 'active'), ('T2', 'App crashes', 0.1, 0.8, 'active')")
    fresh_db.execute(
        "insert into marts.pain_points (period_type, period, theme_id, touchpoint, volume, negative_share, "
        "positive_share, nps_impact, rank) values "
        # a mostly-positive theme whose few complaints still drag NPS: ranked first by its volume
        "('week', date '2026-10-05', 'T1', 'mobile_app', 200, 0.3, 0.6, -5.0, 1), "
        "('week', date '2026-10-05', 'T2', 'mobile_app', 20, 0.8, 0.1, -8.0, 2), "
        # a complaint theme that is mostly praised at this touchpoint
        "('week', date '2026-10-05', 'T2', 'delivery_shipping', 15, 0.3, 0.6, -1.0, 3)")
    points = data.pain_points(fresh_db, data.period_for(date(2026, 10, 7), "week"))
    assert [p.rank for p in points] == [1, 2, 3]
    assert [(p.theme_id, p.touchpoint) for p in data.top_pain_points(points, 5)] == [("T2", "mobile_app")]
    assert [p.impact_metric for p in points] == ["nps"] * 3  # marts without impact columns: the NPS impact


def test_headings_and_figures_name_the_rating_not_nps(review_marts, report_cfg):
    """On real star-rated reviews a theme moves the mean by hundredths of a star: the report said "NPS impact"
    over "≈0 stars (0 to 0)" for every pain point (Play-store reviews, issue 11 item 4)."""
    result = render_report(review_marts, report_cfg)
    html = Path(result["html"]).read_text("utf-8")
    digest = Path(result["digest"]).read_text("utf-8")
    top = _section(html, "h-pain", "h-emerging")
    assert "Star rating impact (90% CI)" in top and "NPS impact" not in top
    assert "(Star rating impact, 90% CI)" in digest and "NPS impact" not in digest
    # every listed pain point's impact and interval in stars with two decimals, never a bare "0"
    shown = re.findall(r"^\d\. .*?: (\S+) stars \((\S+) to (\S+)\)", digest, re.M)
    assert shown and all(re.fullmatch(r"\u2248?[+\u2212]?\d\.\d\d", v) for row in shown for v in row)
    assert 'Star rating impact' in html[html.index('id="h-all"'):]
    # the headline shows the mean rating, not NPS and CSAT cards of dashes
    assert re.search(r"Rating \*\*\d\.\d\d\u2605\*\*", digest) and "NPS **" not in digest and "CSAT **" not in digest
    assert "Star rating (mean)" in html and '<div class="name">NPS' not in html
    # the touchpoint table shows each touchpoint's mean rating instead of empty NPS, CSAT and CES columns
    table = _section(html, "h-tp", "h-all")
    assert '<th class="num">Rating</th>' in table and "NPS</th>" not in table and "CES</th>" not in table
    assert re.search(r'<td class="num">\d\.\d\d\u2605</td>', table)


def test_feedback_without_any_score_shows_no_empty_impact(fresh_db, report_cfg):
    """Hotel reviews without stars (HoASA through real_corpora.py): the digest printed "(NPS impact, 90% CI)" over
    "– pts" for every pain point and an NPS card of dashes."""
    rows = feedback_rows(STORIES)
    for row in rows:
        row.update(source="tickets", kind="ticket", nps=None, csat=None, rating=None)
    _seed_core(fresh_db, rows, STORIES)
    marts.build_marts(fresh_db, SuaraConfig(themes=ThemeConfig(bootstrap_samples=200), report={"timezone": "UTC"}))
    result = render_report(fresh_db, report_cfg)
    html = Path(result["html"]).read_text("utf-8")
    digest = Path(result["digest"]).read_text("utf-8")
    pain = digest[digest.index("**Top pain points**"): digest.index("**Emerging**")]
    assert pain.startswith("**Top pain points**\n1. Payment failed") and "pts" not in pain and "impact" not in pain
    assert "NPS" not in digest and "CSAT" not in digest and "Rating" not in digest
    top = _section(html, "h-pain", "h-emerging")
    assert "Payment failed" in top and "impact" not in top.split("</thead>")[0].lower().replace("ranked by pain", "")
    assert '<div class="name">NPS' not in html and '<div class="name">Feedback items' in html


def _point(theme: str, touchpoint: str, rank: int) -> data.PainPoint:
    return data.PainPoint(theme, theme, touchpoint, None, 10, 0.9, None, None, None, None, False, rank, None,
                          impact=-1.0, impact_metric="rating")


def test_top_list_shows_each_theme_once_with_its_other_touchpoints():
    """HoASA through real_corpora.py: one bathroom theme filled four of the digest's five places."""
    points = [_point("T1", "hot_water", 1), _point("T1", "ac", 2), _point("T2", "wifi", 3), _point("T1", "odour", 4),
              _point("T3", "tv", 5), _point("T2", "ac", 6)]
    top = data.top_pain_points(points, 2)
    assert [(p.theme_id, p.touchpoint, p.also) for p in top] == [("T1", "hot_water", ["ac", "odour"]),
                                                                  ("T2", "wifi", ["ac"])]
    assert [p.theme_id for p in data.top_pain_points(points, 5)] == ["T1", "T2", "T3"]
    journey = Journey(touchpoint_names={"ac": "Air conditioning"})
    assert also_text(["ac", "odour"], journey) == "Air conditioning, Odour"
    assert also_text(["ac", "odour", "tv", "wifi", "bed"], journey) == "Air conditioning, Odour, Tv and 2 more"
