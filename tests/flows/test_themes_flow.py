"""The themes sub-flow end to end under Prefect with a file warehouse (issue 4)."""

from __future__ import annotations

import json

from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse

from tests.nlp.topics.corpus import make_corpus, seed_corpus


def test_themes_flow_refits_then_assigns_and_records_runs(prefect_harness, tmp_path):
    from suara.flows.themes import summary_table, themes_flow

    config = SuaraConfig(
        base_dir=tmp_path, warehouse={"path": "suara.duckdb"},
        themes={"min_topic_size": 15, "window_days": 120, "bootstrap_samples": 100},
    )
    with open_warehouse(config.warehouse_path) as con:
        seed_corpus(con, make_corpus(400, seed=2))
    first = themes_flow(config, refit=None, link=False)  # touchpoints are seeded; the linker is tested by its owner
    # Six planted themes; beside the words channel the short generic items ("ok", "mantap": 5%, no content word)
    # form a seventh (issue 11).
    assert first["themes"]["mode"] == "refit" and first["themes"]["new"] in (6, 7)
    assert first["marts"]["pain_points"] > 0 and len(first["top_pain_points"]) == 5
    assert first["top_pain_points"][0][0] == 1
    second = themes_flow(config, refit=None, link=False)
    assert second["themes"]["mode"] == "incremental" and second["themes"]["items"] == 0
    with open_warehouse(config.warehouse_path) as con:
        runs = con.execute("select command, status, counts from ops.runs order by started_at").fetchall()
        themes = con.execute("select count(*) from marts.themes where status = 'active'").fetchall()[0][0]
    assert [(r[0], r[1]) for r in runs] == [("themes", "success"), ("themes", "success")]
    assert json.loads(runs[0][2])["themes"]["new"] == first["themes"]["new"] == themes
    assert summary_table(first).row_count == 5
