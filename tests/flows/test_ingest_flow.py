"""The ingest flow end to end under Prefect: counts returned, run recorded, rerun is a no-op."""

from __future__ import annotations

import json

import yaml
from suara.flows.config import load_config
from suara.warehouse.db import open_warehouse


def test_ingest_flow_end_to_end(prefect_harness, tmp_path):
    from suara.flows.ingest import ingest_flow, summary_table

    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "reviews-1.csv").write_text(
        "review_id;content;reviewed_at;stars\n1;Kurir ramah bgt 👍;2024-11-01;5\n"
        "2;Refund gak jelas, wa 081234567890;2024-11-02;1\n3;;2024-11-02;3\n",
        encoding="utf-8",
    )
    cfg_path = tmp_path / "suara.yaml"
    cfg_path.write_text(
        yaml.safe_dump(
            {
                "warehouse": {"path": "wh.duckdb"},
                "ingest": {"max_quarantine_share": 0.5},  # 1 of 3 rows is bad; more would be `degraded`
                "sources": [
                    {
                        "name": "app_reviews",
                        "kind": "review",
                        "path": "exports/reviews-*.csv",
                        "columns": {
                            "id": "review_id",
                            "text": "content",
                            "created_at": "reviewed_at",
                            "rating": "stars",
                        },
                    }
                ],
            }
        )
    )
    cfg = load_config(cfg_path)
    first = ingest_flow(cfg)
    assert (first["inserted"], first["quarantined"]) == (2, {"missing_text": 1})
    assert first["sources"]["app_reviews"]["pii_redacted"] == {"phone": 1}
    second = ingest_flow(cfg)
    assert (second["inserted"], second["files_skipped"]) == (0, 1)
    assert summary_table(second).row_count == 1
    with open_warehouse(cfg.warehouse_path) as con:
        runs = con.execute("select command, status, counts from ops.runs order by started_at").fetchall()
        texts = [r[0] for r in con.execute("select text from core.feedback order by source_id").fetchall()]
    assert [(r[0], r[1]) for r in runs] == [("ingest", "success"), ("ingest", "success")]
    assert json.loads(runs[0][2])["ingest"]["inserted"] == 2
    assert texts == ["Kurir ramah bgt 👍", "Refund gak jelas, wa [PHONE]"]
