"""Analyst curation through real runs (issue 16): rename, merge and hide hold after `suara run` and a refit."""

from __future__ import annotations

import duckdb
import pytest
from rich.console import Console


def _themes(cfg) -> dict[str, tuple]:
    with duckdb.connect(str(cfg.warehouse_path), read_only=True) as con:
        return {r[0]: r[1:] for r in con.execute(
            "select theme_id, label, label_source, status, merged_into, hidden from marts.themes").fetchall()}


def _pain_themes(cfg) -> set[str]:
    with duckdb.connect(str(cfg.warehouse_path), read_only=True) as con:
        return {r[0] for r in con.execute("select distinct theme_id from marts.pain_points").fetchall()}


@pytest.mark.slow
def test_curation_survives_a_run_and_a_refit(tmp_path, prefect_harness):
    from suara.flows.demo import build_demo
    from suara.flows.nightly import run_nightly
    from suara.flows.theme_list import print_themes
    from suara.flows.themes import run_themes

    _, cfg = build_demo(tmp_path / "d", items=700, seed=3)
    run_nightly(cfg)
    active = [t for t, row in _themes(cfg).items() if row[2] == "active"]
    assert len(active) >= 3
    keep, merged, hidden = active[:3]
    # every theme left visible gets an analyst label, so whichever the report shows carries one (which themes
    # make the report's top lists depends on the data, not on curation)
    renamed = [keep, *active[3:]]
    rename = ", ".join(f"{t}: 'Analyst <b>label</b> #{i}'" for i, t in enumerate(renamed))
    curation = tmp_path / "d" / "curation.yaml"
    curation.write_text(f"rename: {{{rename}}}\nmerge: {{{keep}: [{merged}]}}\nhide: [{hidden}]\n", encoding="utf-8")
    cfg = cfg.model_copy(update={"curation": curation})

    for step in ("run", "refit"):
        if step == "run":
            run_nightly(cfg)
        else:
            run_themes(cfg, refit=True)
        themes = _themes(cfg)
        assert themes[keep][:2] == ("Analyst <b>label</b> #0", "analyst"), step
        assert themes[merged][2:4] == ("merged", keep), step
        assert themes[hidden][4] is True, step
        assert hidden not in _pain_themes(cfg) and merged not in _pain_themes(cfg), step

    html = (cfg.resolve(cfg.report.output_dir) / "suara-report.html").read_text(encoding="utf-8")
    assert "Analyst &lt;b&gt;label&lt;/b&gt;" in html and "Analyst <b>label</b>" not in html
    console = Console(record=True, width=200)
    rows = print_themes(cfg, console)
    assert rows[0]["theme_id"] and "Analyst <b>label</b> #0 (analyst)" in console.export_text()


def test_theme_list_shows_complaint_labels_and_prints_customer_words_as_text(tmp_path):
    from suara.flows.config import SuaraConfig
    from suara.flows.theme_list import print_themes

    cfg = SuaraConfig(base_dir=tmp_path, warehouse={"path": "wh.duckdb"})
    with duckdb.connect(str(cfg.warehouse_path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.themes (theme_id varchar, label varchar, complaint_label varchar, "
                    "label_source varchar, status varchar, size bigint, negative_share double, hidden boolean, "
                    "theme_group varchar, quotes varchar[])")
        con.execute("insert into marts.themes values "
                    "('T0001', 'good app', 'iklan / error', 'auto', 'active', 105, 0.14, false, null, ['[red]bagus']), "
                    "('T0002', 'gagal bayar', 'gagal bayar', 'auto', 'active', 80, 0.9, false, null, ['gagal'])")
    console = Console(record=True, width=200)
    print_themes(cfg, console)
    text = console.export_text()
    assert "complaints: iklan / error" in text and text.count("complaints:") == 1
    assert "[red]bagus" in text  # a quote that looks like markup is printed as written
