"""The report over the real mart models: seeded core tables -> ``build_marts`` -> ``render_report``.

Guards the contract between ``warehouse/sql/marts`` and the report's column map
(``warehouse/report/marts.py``): a renamed or dropped mart column fails here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from suara.warehouse.report import render_report
from suara.warehouse.report.marts import MARTS, mart_columns

from tests.warehouse.report.seed import STORIES, feedback_rows

NOW = datetime(2026, 11, 2, 3, 0)


def _seed_core(con, rows: list[dict] | None = None, stories=STORIES) -> None:
    """Core tables (feedback, enrichment, touchpoints, themes) holding ``rows`` (default: the planted stories)."""
    rows = pd.DataFrame(feedback_rows() if rows is None else rows)
    rows["now"] = NOW
    con.register("seed_rows", rows)
    con.execute(
        "insert into core.feedback by name select feedback_id, source, source_id, kind, created_at, text, "
        "nps, csat, ces, rating, md5(text) as content_hash, 'l1' as first_load_id, 'l1' as last_load_id, "
        "now as ingested_at, now as updated_at from seed_rows")
    con.execute(
        "insert into core.enrichment by name select feedback_id, md5(text) as content_hash, language, "
        "false as language_mixed, 0.9 as language_confidence, lower(text) as text_norm, md5(text) as text_hash, "
        "'test' as embedding_model, sentiment_label, sentiment_score, 0.0 as p_negative, 0.0 as p_neutral, "
        "0.0 as p_positive, 'test' as sentiment_model, now as enriched_at from seed_rows")
    con.execute(
        "insert into core.feedback_touchpoints by name select feedback_id, touchpoint, journey_stage, "
        "0.9 as confidence, sentiment_label, sentiment_score, text as evidence, 'seed' as method, "
        "true as is_primary, md5(text) as content_hash, 'seed' as taxonomy_hash, now as linked_at "
        "from seed_rows")
    con.execute(
        "insert into core.feedback_themes by name select feedback_id, theme_id, 0.9 as probability, "
        "'r1' as assigned_run_id, md5(text) as content_hash, now as assigned_at from seed_rows")
    labels = pd.DataFrame({"theme_id": [s[0] for s in stories], "label": [s[1] for s in stories]})
    con.register("seed_labels", labels)
    con.execute(
        "insert into core.themes by name select l.theme_id, l.label, [l.label] as keywords, [0.0] as centroid, "
        "count(*) as size, 'active' as status, list(r.text)[1:3] as quotes, min(r.created_at) as first_seen, "
        "max(r.created_at) as last_seen, any_value(r.now) as registered_at, 'r1' as created_run_id, "
        "'r1' as updated_run_id from seed_labels l join seed_rows r using (theme_id) group by l.theme_id, l.label")


@pytest.fixture
def real_marts(fresh_db):
    from suara.flows.config import SuaraConfig, ThemeConfig
    from suara.warehouse import marts

    _seed_core(fresh_db)
    marts.build_marts(fresh_db, SuaraConfig(themes=ThemeConfig(bootstrap_samples=200), report={"timezone": "UTC"}))
    return fresh_db


def test_every_mapped_column_exists_in_the_real_marts(real_marts):
    for mart in MARTS.values():
        present = mart_columns(real_marts, mart)
        assert present is not None, mart.table
        missing = [col for name, col in mart.columns.items() if col not in present and name not in mart.optional]
        assert missing == [], f"marts.{mart.table} lacks {missing}"


def test_report_over_real_marts_tells_the_planted_stories(real_marts, report_cfg):
    result = render_report(real_marts, report_cfg)
    html = Path(result["html"]).read_text("utf-8")
    assert result["missing_marts"] == [] and result["pain_points"] >= 6
    top = html[html.index('id="h-pain"'): html.index('id="h-emerging"')]
    first_three = top.split('<td class="rank">')[1:4]
    assert any("Payment failed" in row for row in first_three)
    emerging = html[html.index('id="h-emerging"'): html.index('id="h-bright"')]
    assert "Payment failed" in emerging
    bright = html[html.index('id="h-bright"'): html.index('id="h-said"')]
    assert "Friendly courier" in bright
