"""Loud failures (issue 14): `suara ingest` exits 3 and records `degraded` when a source goes wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from suara.warehouse.db import open_warehouse
from typer.testing import CliRunner

CASES = Path(__file__).parent.parent / "warehouse" / "cases" / "ingest"


def _config(tmp_path: Path, sources: list[dict]) -> Path:
    path = tmp_path / "suara.yaml"
    path.write_text(yaml.safe_dump({"warehouse": {"path": "wh.duckdb"}, "sources": sources}), encoding="utf-8")
    return path


def test_ingest_exit_codes_and_run_status(prefect_harness, tmp_path):
    from suara.flows.cli import app

    shutil.copytree(CASES / "broken_file", tmp_path, dirs_exist_ok=True)
    spec = yaml.safe_load((tmp_path / "case.yaml").read_text(encoding="utf-8"))
    runner = CliRunner()
    broken = runner.invoke(app, ["ingest", "--config", str(_config(tmp_path, spec["sources"]))])
    assert broken.exit_code == 3, broken.output
    assert "DEGRADED" in broken.output and "broken.parquet" in broken.output
    healthy = runner.invoke(app, ["ingest", "--config", str(_config(tmp_path, spec["sources"][1:]))])
    assert healthy.exit_code == 0, healthy.output
    missing = [{**spec["sources"][1], "name": "gone", "path": "nothing-*.csv"}]
    nothing = runner.invoke(app, ["ingest", "--config", str(_config(tmp_path, missing))])
    assert nothing.exit_code == 3 and "no file matches" in nothing.output
    with open_warehouse(tmp_path / "wh.duckdb") as con:
        runs = con.execute("select status, quality from ops.runs order by started_at").fetchall()
    assert [r[0] for r in runs] == ["degraded", "success", "degraded"]
    assert any("broken.parquet" in reason for reason in json.loads(runs[0][1])["degraded"])
