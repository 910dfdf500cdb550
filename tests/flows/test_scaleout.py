"""Issue 6: enrichment batches on a local Dask cluster through prefect-dask give the local path's results."""

from __future__ import annotations

import numpy as np
import pytest
from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse

from tests.warehouse.test_enrich import REAL, add_feedback

MORE = {
    "m1": "Kurirnya ramah bgt, paket sampai dengan aman",
    "m2": "Checkout failed twice and I was charged double",
    "m3": "Refund lama banget, udah 2 minggu belum masuk",
    "m4": "Love the new loyalty points, great promos this month",
}


def _enrichment(path):
    with open_warehouse(path) as con:
        rows = con.execute(
            "select e.feedback_id, e.sentiment_label, v.vector from core.enrichment as e "
            "join core.embeddings as v on v.text_hash = e.text_hash and v.model_id = e.embedding_model "
            "order by e.feedback_id"
        ).fetchall()
    return {fid: (label, np.asarray(vec)) for fid, label, vec in rows}


@pytest.mark.slow
def test_dask_enrichment_matches_local(prefect_harness, tmp_path):
    pytest.importorskip("prefect_dask")
    from suara.flows.enrich import enrich_flow

    rows = list(REAL.items()) + list(MORE.items())
    results = {}
    for runner in ("threads", "dask"):
        config = SuaraConfig(
            base_dir=tmp_path / runner,
            warehouse={"path": "suara.duckdb"},
            enrich={"batch_rows": 3},
            execution={"task_runner": runner, "dask_workers": 2},
        )
        with open_warehouse(config.warehouse_path) as con:
            add_feedback(con, rows)
        out = enrich_flow(config)
        assert out["rows_enriched"] == len(rows)
        assert out["batches"] == 3
        assert out["execution"] == ("DaskTaskRunner" if runner == "dask" else "local")
        assert enrich_flow(config)["rows_enriched"] == 0
        results[runner] = _enrichment(config.warehouse_path)
    assert results["dask"].keys() == results["threads"].keys() == {fid for fid, _ in rows}
    for fid, (label, vector) in results["threads"].items():
        dask_label, dask_vector = results["dask"][fid]
        assert dask_label == label
        assert float(vector @ dask_vector) > 0.9999
