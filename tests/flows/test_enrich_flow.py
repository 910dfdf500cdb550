"""The enrich flow end to end under Prefect, with the real models and a file warehouse."""

from __future__ import annotations

import json

import pytest
from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse

from tests.warehouse.test_enrich import REAL, add_feedback


@pytest.fixture(scope="module")
def models_loaded():
    from suara.warehouse.models import load_models

    return load_models(SuaraConfig())  # the flow finds them in the per-process cache


def test_enrich_flow_records_the_run_and_is_idempotent(prefect_harness, models_loaded, tmp_path):
    from suara.flows.enrich import enrich_flow

    config = SuaraConfig(base_dir=tmp_path, warehouse={"path": "suara.duckdb"})
    with open_warehouse(config.warehouse_path) as con:
        add_feedback(con, list(REAL.items()))
    first = enrich_flow(config)
    assert first["rows_enriched"] == 4 and first["texts_embedded"] == 4
    second = enrich_flow(config)
    assert (second["rows_enriched"], second["texts_embedded"]) == (0, 0)
    with open_warehouse(config.warehouse_path) as con:
        runs = con.execute(
            "select command, status, counts, model_versions from ops.runs order by started_at"
        ).fetchall()
        labels = dict(con.execute("select feedback_id, sentiment_label from core.enrichment").fetchall())
    assert [(r[0], r[1]) for r in runs] == [("enrich", "success"), ("enrich", "success")]
    assert json.loads(runs[0][2])["enrich"]["rows_enriched"] == 4
    assert json.loads(runs[0][3])["sentiment"] == first["sentiment_model"]
    assert labels["neg"] == "negative" and labels["en_pos"] == "positive"
