"""`suara demo`: a fresh folder each time, data ingested through the user path, the whole nightly flow run."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest
from suara.flows.demo import EXAMPLE_QUERIES, MARKER, DemoFolderError, build_demo, prepare_folder


def _truth(files) -> list[dict[str, str]]:
    with files.truth.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_prepare_folder_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(DemoFolderError, match="not written by `suara demo`"):
        prepare_folder(tmp_path)
    assert (tmp_path / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_rerun_replaces_the_previous_demo_and_its_warehouse(tmp_path):
    out = tmp_path / "demo"
    first, cfg = build_demo(out, items=300, seed=5)
    con = duckdb.connect(str(cfg.warehouse_path))
    con.execute("create table stale as select 1 as x")
    con.close()
    (out / "reports").mkdir()
    (out / "reports" / "old.html").write_text("old", encoding="utf-8")

    second, cfg2 = build_demo(out, items=300, seed=5)

    assert not cfg2.warehouse_path.exists()
    assert not (out / "reports" / "old.html").exists()
    assert (out / MARKER).exists()
    assert first.truth.read_bytes() == second.truth.read_bytes()


def test_demo_config_points_inside_the_folder(tmp_path):
    files, cfg = build_demo(tmp_path / "d", items=300, seed=5)
    root = (tmp_path / "d").resolve()
    assert cfg.warehouse_path == root / "suara.duckdb"
    assert cfg.resolve(cfg.report.output_dir) == root / "reports"
    for source in cfg.sources:
        matched = sorted(cfg.base_dir.glob(source.path))
        assert matched and all(root / "exports" in p.parents for p in matched), source.name


def test_demo_ingests_through_the_user_path_with_bad_rows_quarantined_and_pii_redacted(tmp_path):
    from suara.warehouse.db import open_warehouse
    from suara.warehouse.load import ingest_sources

    files, cfg = build_demo(tmp_path / "d", items=400, seed=11)
    truth = _truth(files)
    with open_warehouse(cfg.warehouse_path) as con:
        ingest_sources(con, cfg)
        loaded = con.execute("select count(*) from core.feedback").fetchall()[0][0]
        quarantined = con.execute("select count(*) from ops.quarantine").fetchall()[0][0]
        stored = " ".join(
            r[0] + " " + (r[1] or "")
            for r in con.execute("select text, metadata::varchar from core.feedback").fetchall()
        )
    bad = [t for t in truth if t["malformed"]]
    # an out-of-range score is NULLed and its row loads (issue 14, quarantine kind `field`)
    lost = [t for t in bad if not t["malformed"].endswith("_out_of_range")]
    assert loaded == len(truth) - len(lost)
    assert quarantined == len(bad)
    nps = files.sources["nps_survey"][0].read_text(encoding="utf-8")
    emails = {line.split(";")[5] for line in nps.splitlines()[1:] if line.count(";") >= 7}
    assert emails and not any(e in stored for e in emails if "@" in e)


@pytest.mark.slow
def test_run_demo_runs_the_nightly_flow_and_prints_where_things_are(tmp_path, prefect_harness, capsys):
    from suara.flows.demo import run_demo

    out = tmp_path / "demo"
    run_demo(out, items=400, seed=7)

    printed = capsys.readouterr().out
    report = out / "reports" / "suara-report.html"
    assert report.exists() and (out / "reports" / "suara-digest.md").exists()
    assert str(report) in printed.replace("\n", "") and "marts.pain_points" in printed
    html = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "onerror=alert(1)>" not in html
    with duckdb.connect(str(out / "suara.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.feedback").fetchall()[0][0] > 300
        # The queries the demo prints must run as printed.
        results = [con.execute(sql).fetchall() for _, sql in EXAMPLE_QUERIES]
        # Issue 10: the nightly run records the models that really scored the rows.
        runs = "select status, model_versions from ops.runs where command = 'nightly'"
        status, versions = con.execute(runs).fetchall()[0]
        used = con.execute("select distinct embedding_model, sentiment_model from core.enrichment").fetchall()
    assert results[0] and results[1]
    assert status == "success" and [tuple(json.loads(versions)[k] for k in ("embeddings", "sentiment"))] == used
    # Issue 12: `suara taxonomy suggest` reads the demo warehouse: payment words for the payment touchpoint.
    from suara.flows.config import load_config
    from suara.warehouse.taxonomy_suggest import suggest

    cfg = load_config(out / "suara.yaml")
    with duckdb.connect(str(out / "suara.duckdb"), read_only=True) as con:
        proposals = {t.touchpoint: t for t in suggest(con, cfg).touchpoints}
    payment = proposals["checkout_payment"]
    assert payment.mentions > 0 and {"va", "virtual", "bank", "mandiri", "metode", "kartu"} & set(payment.keywords)
