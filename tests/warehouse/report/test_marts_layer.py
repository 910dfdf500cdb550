"""The report reads the marts through one column map: renames and missing marts are handled."""

from __future__ import annotations

from dataclasses import replace

import pytest
from suara.warehouse.report import marts, render_report


def test_a_renamed_mart_column_is_a_one_line_fix(seeded_marts, report_cfg, monkeypatch):
    seeded_marts.execute("alter table marts.pain_points rename column nps_impact to impact_on_nps")
    with pytest.raises(ValueError, match="marts.pain_points: column 'nps_impact' is missing"):
        render_report(seeded_marts, report_cfg)
    mart = marts.MARTS["pain_points"]
    fixed = replace(mart, columns={**mart.columns, "nps_impact": "impact_on_nps"})
    monkeypatch.setitem(marts.MARTS, "pain_points", fixed)
    assert render_report(seeded_marts, report_cfg)["pain_points"] == 8


def test_optional_columns_read_as_null(seeded_marts, report_cfg):
    seeded_marts.execute("alter table marts.pain_points drop column nps_impact_low")
    seeded_marts.execute("alter table marts.themes drop column status")
    assert render_report(seeded_marts, report_cfg)["pain_points"] == 8


def test_unknown_placeholder_is_rejected(fresh_db):
    with pytest.raises(KeyError, match="unknown mart placeholder"):
        marts.expand(fresh_db, "select * from {nope}")


def test_integer_theme_ids_are_read_as_text(seeded_marts):
    seeded_marts.execute("create or replace table marts.themes as select 7 as theme_id, 'x' as label")
    rows = seeded_marts.execute(marts.expand(seeded_marts, "select theme_id from {themes}")).fetchall()
    assert rows == [("7",)]


def test_month_period_reads_the_month_rows(seeded_marts, tmp_path):
    from suara.flows.config import ReportConfig, SuaraConfig

    cfg = SuaraConfig(base_dir=tmp_path, report=ReportConfig(period="month", timezone="UTC"))
    result = render_report(seeded_marts, cfg)
    assert result["period"] == "2026-11-01"  # the seeded data ends on 1 November: a partial month
    html = open(result["html"], encoding="utf-8").read()
    assert "November 2026" in html and "previous month" in html and "partial month: 1 of 30 days" in html
    n_month = seeded_marts.execute(
        "select count(*) from marts.pain_points where period_type = 'month' and period = date '2026-11-01'"
    ).fetchall()[0][0]
    assert result["pain_points"] == n_month


def test_without_bright_spots_mart_the_lifting_themes_are_used(seeded_marts, report_cfg):
    seeded_marts.execute("drop table marts.bright_spots")
    result = render_report(seeded_marts, report_cfg)
    assert result["bright_spots"] == 2 and result["missing_marts"] == []
