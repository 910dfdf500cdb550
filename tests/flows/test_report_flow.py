"""The report sub-flow and ``suara report`` write both files from a file warehouse (issue 5)."""

from __future__ import annotations

from pathlib import Path

from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse

from tests.warehouse.report.seed import seed_marts


def _config(tmp_path: Path) -> SuaraConfig:
    cfg = SuaraConfig(base_dir=tmp_path, report={"timezone": "UTC"})  # seeded times read as written
    with open_warehouse(cfg.warehouse_path) as con:
        seed_marts(con)
    return cfg


def test_report_flow_writes_report_and_digest(prefect_harness, tmp_path):
    from suara.flows.report import report_flow

    cfg = _config(tmp_path)
    result = report_flow(cfg)
    html, digest = Path(result["html"]), Path(result["digest"])
    assert html.parent == tmp_path / "reports" and html.name == "suara-report.html"
    assert "Payment failed" in html.read_text("utf-8") and "Payment failed" in digest.read_text("utf-8")
    assert result["pain_points"] == 8 and result["emerging"] == 1
    with open_warehouse(cfg.warehouse_path) as con:  # the flow released the warehouse lock
        assert con.execute("select count(*) from marts.pain_points").fetchall()[0][0] > 0


def test_run_report_prints_the_paths(prefect_harness, tmp_path, capsys):
    from suara.flows.report import run_report

    result = run_report(_config(tmp_path))
    out = capsys.readouterr().out
    assert f"report: {result['html']}" in out and f"digest: {result['digest']}" in out
