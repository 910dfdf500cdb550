"""Real exports in (issue 14): one fixture folder per case under ``cases/ingest/<case>/``.

Each folder holds the input files and a ``case.yaml``: the sources (paths relative to the folder),
optional file times, and what must come out: per-file outcomes (``ops.files`` and the result),
stored records, quarantine entries and whether the run is degraded. For every case, every input
row is accounted for, per file: ``rows_read = inserted + updated + unchanged + quarantined +
stale_ignored``, in the returned result and in ``ops.files``.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from suara.flows.config import load_config
from suara.warehouse.load import ingest_sources

CASES = Path(__file__).parent / "cases" / "ingest"
CASE_NAMES = sorted(p.parent.name for p in CASES.glob("*/case.yaml"))
ACCOUNTED = ("inserted", "updated", "unchanged", "quarantined", "stale_ignored")


def run_case(name: str, tmp_path: Path):
    spec = yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))
    folder = tmp_path / name
    shutil.copytree(CASES / name, folder)
    for file, stamp in spec.get("mtimes", {}).items():
        t = datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp()
        os.utime(folder / file, (t, t))
    config = {"warehouse": {"path": str(tmp_path / "wh.duckdb")}, "sources": spec["sources"]}
    config["ingest"] = spec.get("ingest", {})
    (folder / "suara.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    cfg = load_config(folder / "suara.yaml")
    from suara.warehouse.db import connect

    con = connect(cfg.warehouse_path)
    return spec["expect"], folder, con, ingest_sources(con, cfg)


@pytest.fixture(scope="module", params=CASE_NAMES)
def case(request, tmp_path_factory):
    expect, folder, con, result = run_case(request.param, tmp_path_factory.mktemp(request.param))
    yield expect, folder, con, result
    con.close()


def rel(folder: Path, path: str) -> str:
    return Path(path).relative_to(folder).as_posix()


def test_cases_exist():
    assert {"dates_dayfirst", "dates_monthfirst", "encoding_utf16", "encoding_cp1252", "broken_file",
            "side_fields", "ids", "updates", "header_rows"} <= set(CASE_NAMES)


def test_every_row_is_accounted_for_per_file(case):
    _, folder, con, result = case
    files = [f for s in result.sources.values() for f in s.files]
    assert files
    for f in files:
        assert f.rows_read == sum(getattr(f, k) for k in ACCOUNTED), (rel(folder, f.path), f)
    stored = con.execute(
        f"select path, status, rows_read, {', '.join(ACCOUNTED)} from ops.files where status = 'loaded'"
    ).fetchall()
    assert len(stored) == sum(f.status == "loaded" for f in files)
    for path, _, rows_read, *counts in stored:
        assert rows_read == sum(counts), path
    # every read row that did not load has a row-kind quarantine entry (stale versions included)
    not_loaded = sum(f.quarantined + f.stale_ignored for f in files)
    logged = con.execute("select count(*) from ops.quarantine where kind = 'row' and row_number is not null")
    assert logged.fetchall()[0][0] == not_loaded


def test_outcome_per_file(case):
    expect, folder, con, result = case
    files = {rel(folder, f.path): f for s in result.sources.values() for f in s.files}
    for name, want in expect["files"].items():
        got = files[name]
        assert {k: getattr(got, k) for k in want} == want, name
        if got.status == "failed":
            assert name.split("/")[-1] in got.error
        row = con.execute(
            "select status, encoding, date_rule from ops.files where path = ?", [str(folder / name)]
        ).fetchall()
        assert row == [(got.status, got.encoding, got.date_rule)], name


def test_stored_records(case):
    expect, _, con, _ = case
    for key, want in expect.get("feedback", {}).items():
        source, source_id = key.split("/", 1)
        cols = list(want)
        got = con.execute(
            f"select {', '.join(cols)} from core.feedback where source = ? and source_id = ?", [source, source_id]
        ).fetchall()
        assert len(got) == 1, key
        values = {c: (v.isoformat() if isinstance(v, datetime) else v) for c, v in zip(cols, got[0], strict=True)}
        assert values == want, key


def test_quarantine_entries(case):
    expect, folder, con, _ = case
    if "quarantine" not in expect:
        return
    got = con.execute(
        "select file, row_number, field, reason, kind, value from ops.quarantine order by file, row_number"
    ).fetchall()
    assert len(got) == len(expect["quarantine"])
    want = expect["quarantine"]
    got = [[rel(folder, g[0]), *g[1:-1], "*" if w[-1] == "*" else g[-1]] for g, w in zip(got, want, strict=False)]
    assert got == want


def test_degraded_and_warnings(case):
    expect, _, _, result = case
    summary = result.as_dict()
    want = expect.get("degraded")
    if want is False:
        assert summary["status"] == "success" and not result.degraded
    elif want:
        assert summary["status"] == "degraded"
        assert want in summary["degraded_reason"]
    if "warnings" in expect:
        assert any(expect["warnings"] in w for s in result.sources.values() for w in s.warnings)


def test_rerun_reads_nothing_again_but_retries_failed_files(tmp_path):
    _, folder, con, first = run_case("broken_file", tmp_path)
    cfg = load_config(folder / "suara.yaml")
    again = ingest_sources(con, cfg)
    assert again.total("files_skipped") == 2 and again.total("inserted") == 0
    assert again.sources["p"].files_failed == 1 and again.as_dict()["status"] == "degraded"
    con.close()


def test_duplicate_source_names_are_a_config_error(tmp_path):
    from suara.flows.config import ConfigError

    src = {"kind": "survey", "path": "*.csv", "columns": {"id": "id", "text": "t", "created_at": "d"}}
    path = tmp_path / "suara.yaml"
    path.write_text(yaml.safe_dump({"sources": [{"name": "nps", **src}, {"name": "nps", **src}]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate source name.*nps"):
        load_config(path)


def test_sqlite_cursor_reads_only_new_rows(tmp_path):
    import sqlite3

    _, folder, con, first = run_case("db_sqlite", tmp_path)
    db = sqlite3.connect(folder / "helpdesk.sqlite")
    db.execute("update tickets set body = 'Refund sudah masuk, makasih', updated_at = 1004 where id = 1")
    db.execute("insert into tickets values (4, 'Baru', 'Paket belum sampai', '2026-10-04 08:00:00', 1005, 4, null)")
    db.commit()
    db.close()
    again = ingest_sources(con, load_config(folder / "suara.yaml"))
    [f] = again.sources["helpdesk"].files
    assert (f.rows_read, f.inserted, f.updated, f.cursor) == (2, 1, 1, 1005)
    texts = con.execute("select source_id, text from core.feedback order by source_id").fetchall()
    assert texts[0] == ("1", "Refund sudah masuk, makasih") and len(texts) == 4
    assert con.execute("select cursor_value from ops.source_cursors").fetchall() == [("1005",)]
    con.close()
