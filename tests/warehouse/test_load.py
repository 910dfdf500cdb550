"""Ingestion (issue 2): idempotency, updates, formats, bad input to quarantine, oversize text."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import yaml
from suara.flows.config import load_config
from suara.warehouse.load import ingest_sources

CASES = Path(__file__).parent / "cases" / "ingest"
REVIEW_COLS = {
    "id": "review_id",
    "text": "content",
    "created_at": "reviewed_at",
    "nps": "score",
    "csat": "csat",
    "rating": "stars",
    "channel": "channel",
}


def make_cfg(tmp_path: Path, sources: list[dict], **ingest):
    data = {"warehouse": {"path": "wh.duckdb"}, "sources": sources, "ingest": ingest}
    path = tmp_path / "suara.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_config(path)


def source(name="reviews", path="in/*.csv", columns=None, **extra) -> dict:
    return {"name": name, "kind": "review", "path": path, "columns": columns or REVIEW_COLS, **extra}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "review_id,content,reviewed_at,score,csat,stars,channel\n"


def feedback(con) -> list[tuple]:
    return con.execute(
        "select feedback_id, source_id, text, created_at, nps, csat, rating, channel, content_hash, metadata "
        "from core.feedback order by source_id"
    ).fetchall()


def quarantine(con) -> list[tuple]:
    return con.execute("select row_number, field, reason from ops.quarantine order by row_number").fetchall()


def test_rerun_changes_nothing(fresh_db, tmp_path):
    write(tmp_path / "in" / "a.csv", HEADER + "1,bagus,2024-11-01,9,5,5,app\n2,jelek,2024-11-02,3,1,1,web\n")
    cfg = make_cfg(tmp_path, [source()])
    first = ingest_sources(fresh_db, cfg)
    before = feedback(fresh_db)
    second = ingest_sources(fresh_db, cfg)
    assert (first.total("inserted"), second.total("inserted"), second.total("updated")) == (2, 0, 0)
    assert second.total("files_skipped") == 1
    assert feedback(fresh_db) == before
    assert fresh_db.execute("select count(*) from raw.landing").fetchall()[0][0] == 2


def test_changed_record_is_updated_not_duplicated(fresh_db, tmp_path):
    write(tmp_path / "in" / "a.csv", HEADER + "1,bagus,2024-11-01,9,5,5,app\n2,jelek,2024-11-02,3,1,1,web\n")
    cfg = make_cfg(tmp_path, [source()])
    first = ingest_sources(fresh_db, cfg)
    # An overlapping export: 1 unchanged, 2 edited, 3 new.
    write(
        tmp_path / "in" / "b.csv",
        HEADER + "1,bagus,2024-11-01,9,5,5,app\n2,jelek bgt,2024-11-02,2,1,1,web\n"
        "3,baru,2024-11-03,8,4,4,app\n",
    )
    second = ingest_sources(fresh_db, cfg)
    assert (second.total("inserted"), second.total("updated"), second.total("unchanged")) == (1, 1, 1)
    rows = fresh_db.execute(
        "select source_id, text, nps, first_load_id, last_load_id from core.feedback order by source_id"
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("1", "bagus", 9), ("2", "jelek bgt", 2), ("3", "baru", 8)]
    assert rows[1][3:] == (first.load_id, second.load_id)
    assert rows[0][3:] == (first.load_id, first.load_id)


def test_same_file_under_another_name_is_skipped(fresh_db, tmp_path):
    a = write(tmp_path / "in" / "a.csv", HEADER + "1,bagus,2024-11-01,9,5,5,app\n")
    cfg = make_cfg(tmp_path, [source()])
    ingest_sources(fresh_db, cfg)
    shutil.copy(a, tmp_path / "in" / "a-copy.csv")
    again = ingest_sources(fresh_db, cfg)
    assert again.total("files_skipped") == 2 and again.total("inserted") == 0
    assert fresh_db.execute("select count(*) from core.feedback").fetchall()[0][0] == 1


def test_duplicate_ids_in_one_file_keep_latest(fresh_db, tmp_path):
    write(
        tmp_path / "in" / "a.csv",
        HEADER + "1,versi baru,2024-11-05,9,5,5,app\n1,versi lama,2024-11-01,1,1,1,app\n"
        "2,dua,2024-11-01,5,3,3,app\n2,dua lagi,2024-11-01,6,3,3,app\n",
    )
    result = ingest_sources(fresh_db, make_cfg(tmp_path, [source()]))
    texts = [r[2] for r in feedback(fresh_db)]
    assert texts == ["versi baru", "dua lagi"]  # latest created_at, then last row on a tie
    # issue 14: the extra rows are reported, not silently collapsed
    assert dict(result.quarantined) == {"duplicate_id": 2}
    dup = fresh_db.execute("select row_number, value from ops.quarantine order by row_number").fetchall()
    assert dup == [(3, "1"), (4, "2")]


def test_malformed_file_good_rows_load_bad_rows_quarantined(fresh_db, tmp_path):
    expected = json.loads((CASES / "malformed.expected.json").read_text())
    shutil.copy(CASES / "malformed.csv", tmp_path / "malformed.csv")
    cfg = make_cfg(tmp_path, [source(path="malformed.csv")])
    result = ingest_sources(fresh_db, cfg)
    assert [r[1] for r in feedback(fresh_db)] == sorted(expected["loaded"])
    got = fresh_db.execute("select row_number, field, reason, kind from ops.quarantine order by 1").fetchall()
    assert got == [tuple(q) for q in expected["quarantine"]]
    rows_lost = [q for q in expected["quarantine"] if q[3] == "row"]
    assert sum(result.quarantined.values()) == len(rows_lost)
    rows = dict((r[1], r) for r in feedback(fresh_db))
    assert rows["r1"][2] == "Pengiriman cepat banget mantap 👍"
    assert rows["r11"][3] == datetime(2024, 11, 2, 17)  # 03/11/2024 read day-first (default), WIB midnight in UTC
    assert rows["r13"][3] == datetime(2024, 11, 5, 1, 0)  # +07:00 stored as UTC
    assert rows["r1"][3] == datetime(2024, 11, 3, 3, 15)  # naive 10:15 is WIB (ingest.timezone) -> UTC
    assert (rows["r5"][4], rows["r6"][5]) == (None, None)  # issue 14: a bad score is NULLed, the comment kept
    broken = fresh_db.execute("select record from ops.quarantine where reason = 'invalid_encoding'").fetchall()
    assert "\\\\xff\\\\xfe" in broken[0][0]  # the bad bytes are kept as escapes, not replaced by U+FFFD
    assert json.loads(rows["r1"][9]) == {"region": "Jakarta"}  # unmapped column kept as metadata
    bad = fresh_db.execute("select value, file from ops.quarantine where row_number = 6").fetchall()
    assert bad == [("11", str(tmp_path / "malformed.csv"))]


def test_missing_mapped_column_names_file_and_column(fresh_db, tmp_path):
    write(tmp_path / "in" / "a.csv", "review_id,content,reviewed_at\n1,halo,2024-11-01\n")
    write(tmp_path / "ok" / "b.csv", HEADER + "1,bagus,2024-11-01,9,5,5,app\n")
    cfg = make_cfg(tmp_path, [source(name="broken"), source(name="good", path="ok/*.csv")])
    result = ingest_sources(fresh_db, cfg)
    [error] = result.sources["broken"].errors
    assert "a.csv" in error and "'score' (role nps)" in error and "'channel' (role channel)" in error
    q = fresh_db.execute(
        "select source, file, field, reason, value from ops.quarantine order by field"
    ).fetchall()
    file = str(tmp_path / "in" / "a.csv")
    assert q == [
        ("broken", file, role, "missing_column", col)
        for role, col in [("channel", "channel"), ("csat", "csat"), ("nps", "score"), ("rating", "stars")]
    ]
    assert result.sources["good"].inserted == 1


def test_empty_and_header_only_files(fresh_db, tmp_path):
    write(tmp_path / "in" / "empty.csv", "")
    write(tmp_path / "in" / "header.csv", HEADER)
    result = ingest_sources(fresh_db, make_cfg(tmp_path, [source()]))
    assert dict(result.quarantined) == {"empty_file": 1}
    assert result.total("files_read") == 2 and result.total("inserted") == 0


@pytest.mark.parametrize("delim", [";", "\t"])
def test_other_delimiters(fresh_db, tmp_path, delim):
    row = ["1", '"Halo, apa kabar;\tbaik"', "2024-11-01", "9", "5", "5", "app"]
    write(tmp_path / "in" / "a.csv", HEADER.replace(",", delim) + delim.join(row) + "\n")
    ingest_sources(fresh_db, make_cfg(tmp_path, [source()]))
    assert [(r[1], r[2], r[4]) for r in feedback(fresh_db)] == [("1", "Halo, apa kabar;\tbaik", 9)]


def test_jsonl_and_parquet(fresh_db, tmp_path):
    lines = [
        {
            "review_id": 1,
            "content": "Kurirnya ramah 😊",
            "reviewed_at": "2024-11-01T09:00:00",
            "stars": 5,
            "extra": {"app_version": "4.2"},
        },
        "not json at all",
        {"review_id": 2, "content": "Refund lama", "reviewed_at": 1730419200, "stars": 1},
    ]
    write(
        tmp_path / "in" / "a.jsonl",
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
    )
    cols = {"id": "review_id", "text": "content", "created_at": "reviewed_at", "rating": "stars"}
    pq = tmp_path / "in" / "p.parquet"
    duckdb.connect().execute(
        f"copy (select 'p1' as review_id, 'Aplikasi sering crash' as content, "
        f"timestamp '2024-11-02 10:00:00' as reviewed_at, 2 as stars) to '{pq}' (format parquet)"
    )
    cfg = make_cfg(
        tmp_path,
        [
            source("j", "in/*.jsonl", cols, format="jsonl"),
            source("p", "in/*.parquet", cols, format="parquet"),
        ],
    )
    result = ingest_sources(fresh_db, cfg)
    got = fresh_db.execute(
        "select source, source_id, text, created_at, rating, metadata from core.feedback "
        "order by source, source_id"
    ).fetchall()
    assert [g[:5] for g in got] == [
        ("j", "1", "Kurirnya ramah 😊", datetime(2024, 11, 1, 2), 5),  # naive 09:00 WIB
        ("j", "2", "Refund lama", datetime(2024, 11, 1), 1),  # epoch seconds are UTC
        ("p", "p1", "Aplikasi sering crash", datetime(2024, 11, 2, 3), 2),  # naive Parquet timestamp: WIB
    ]
    assert json.loads(got[0][5]) == {"extra": '{"app_version":"4.2"}'}
    assert quarantine(fresh_db) == [(2, None, "malformed_json")]
    assert result.total("inserted") == 3


def test_oversize_text_is_cut_and_flagged(fresh_db, tmp_path):
    write(
        tmp_path / "in" / "a.csv", HEADER + f"1,{'panjang ' * 20},2024-11-01,,,,\n2,pendek,2024-11-01,,,,\n"
    )
    ingest_sources(fresh_db, make_cfg(tmp_path, [source()], max_text_chars=30))
    rows = fresh_db.execute(
        "select source_id, length(text), text_truncated from core.feedback order by 1"
    ).fetchall()
    assert rows == [("1", 30, True), ("2", 6, False)]


def test_customer_id_hashed_with_salt_and_raw_text_opt_in(fresh_db, tmp_path, monkeypatch):
    write(tmp_path / "in" / "a.csv", "id,text,at,cust\n1,wa 081234567890,2024-11-01,CUST-42\n")
    cols = {"id": "id", "text": "text", "created_at": "at", "customer_id": "cust"}
    monkeypatch.setenv("SUARA_CUSTOMER_SALT", "s1")
    ingest_sources(fresh_db, make_cfg(tmp_path, [source(columns=cols)], keep_raw_text=True))
    [(text, raw, hashed)] = fresh_db.execute(
        "select text, raw_text, customer_hash from core.feedback"
    ).fetchall()
    assert (text, raw) == ("wa [PHONE]", "wa 081234567890")
    assert hashed == duckdb.connect().execute("select sha256('s1CUST-42')").fetchall()[0][0]
    landing = fresh_db.execute("select record from raw.landing").fetchall()[0][0]
    assert "CUST-42" not in landing and "0812" not in landing


def test_python_fallback_reader_keeps_line_numbers(fresh_db, tmp_path):
    from suara.warehouse.readers import SRC, read_csv_python

    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,ok\n2,bad \xff\n3\n4,fine\n")
    names, rejects = read_csv_python(fresh_db, path, ",", ["a", "b"])
    assert [(r.line, r.reason) for r in rejects] == [(3, "invalid_encoding"), (4, "malformed_line")]
    assert fresh_db.execute(f"select _line, a, b from {SRC} order by 1").fetchall() == [
        (2, "1", "ok"),
        (5, "4", "fine"),
    ]
