"""Issue 5 item 4: the report opens in headless Chromium with no console errors and no requests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from suara.warehouse.report import render_report

from tests.warehouse.report.seed import MALICIOUS_LABEL, MALICIOUS_QUOTE, STORIES, seed_marts

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
OUT = Path(__file__).parent / "out"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y --no-install-recommends chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


def _open(browser, html: Path, width: int = 1366, height: int = 900):
    """Open ``html``; return the page, its console errors and every blocked external request."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors, external = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def guard(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return page, errors, external


def test_report_renders_without_errors_or_requests(browser, seeded_marts, report_cfg, tmp_path):
    result = render_report(seeded_marts, report_cfg)
    page, errors, external = _open(browser, Path(result["html"]))
    try:
        assert external == []
        assert errors == []
        # The planted stories are in the first screen: the payment spike in the top pain points and emerging.
        first_screen = page.evaluate(
            "() => [...document.querySelectorAll('h2, .label, .value')]"
            ".filter(e => e.getBoundingClientRect().top < window.innerHeight)"
            ".map(e => e.textContent).join(' | ')"
        )
        assert "Top pain points" in first_screen and "Emerging" in first_screen
        assert first_screen.count("Payment failed") >= 2, first_screen
        assert "Friendly courier" in first_screen
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        OUT.mkdir(exist_ok=True)
        shutil.copyfile(shot, OUT / "report.png")
        page.screenshot(path=str(OUT / "report-first-screen.png"))
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def test_malicious_text_stays_text_in_the_dom(browser, fresh_db, report_cfg):
    extra = [{
        "feedback_id": "evil", "source": "app_reviews", "source_id": "evil", "kind": "review",
        "created_at": "2026-10-28 10:00:00", "text": MALICIOUS_QUOTE, "language": "en",
        "sentiment_label": "negative", "sentiment_score": -0.99, "nps": None, "csat": None, "ces": None,
        "rating": 1, "touchpoint": "checkout_payment", "journey_stage": "purchase", "theme_id": "T01",
    }]
    seed_marts(fresh_db, STORIES, extra=extra, labels={"T01": MALICIOUS_LABEL})
    page, errors, external = _open(browser, Path(render_report(fresh_db, report_cfg)["html"]))
    try:
        assert page.evaluate("() => document.querySelectorAll('script').length") == 0
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        text = page.evaluate("() => document.body.innerText")
        assert "<script>alert(1)</script>" in text
        assert "<img src=x onerror=alert(1)>" in text
        assert errors == [] and external == []
    finally:
        page.close()


def test_empty_report_renders_without_errors(browser, fresh_db, report_cfg):
    seed_marts(fresh_db, stories=[])
    page, errors, external = _open(browser, Path(render_report(fresh_db, report_cfg)["html"]), 800, 600)
    try:
        assert errors == [] and external == []
        assert "No pain points for this period" in page.evaluate("() => document.body.innerText")
    finally:
        page.close()
