"""Issue 10: `suara enrich` with nothing pending answers without Prefect, torch or models, and records its run."""

from __future__ import annotations

import json
import subprocess
import sys

from suara.warehouse.db import open_warehouse

NO_OP = """
import sys
from suara.flows.config import SuaraConfig
from suara.flows.enrich_command import run_enrich
result = run_enrich(SuaraConfig(base_dir=sys.argv[1], warehouse={"path": "wh.duckdb"}))
heavy = sorted(m for m in ("prefect", "torch", "transformers", "bertopic") if m in sys.modules)
print("HEAVY", heavy, result["rows_enriched"])
"""


def test_enrich_with_nothing_pending_skips_prefect_and_models_and_records_the_run(tmp_path):
    run = subprocess.run([sys.executable, "-c", NO_OP, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "HEAVY [] 0" in run.stdout and "nothing to do" in run.stdout
    with open_warehouse(tmp_path / "wh.duckdb") as con:
        [(command, status, counts, versions)] = con.execute(
            "select command, status, counts, model_versions from ops.runs"
        ).fetchall()
    assert (command, status) == ("enrich", "success")
    assert json.loads(counts)["enrich"]["rows_enriched"] == 0 and json.loads(versions) == {}
