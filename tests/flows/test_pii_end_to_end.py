"""Issue 15: after a whole nightly run over every planted form, no planted value is anywhere a reader can look.

Every positive case of the golden table (``tests/nlp/cases/pii_golden.tsv``) is a feedback text; some record ids
and customer ids are e-mails and phone numbers. After the nightly flow (ingest, enrich, touchpoints, themes,
marts, report, snapshot), every VARCHAR and JSON column of the warehouse and of the snapshot, the HTML report and
the digest are scanned for the planted values.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.nlp.test_pii import NEGATIVES, POSITIVES

FILLER = [
    "Pengiriman lama banget, paket nyangkut di gudang {n} hari",
    "Refund belum masuk sudah {n} minggu, CS lambat",
    "Kurir ramah dan paket sampai cepat, mantap",
    "Payment failed twice but my balance was deducted",
    "Aplikasi sering force close pas checkout, tolong diperbaiki",
    "The courier was friendly and the parcel arrived early",
    "Voucher gratis ongkir tidak bisa dipakai, kecewa",
    "Customer service replied fast and solved my refund",
]
ID_SECRETS = ["siti.rahayu@gmail.com", "081377788899", "+62 857 1122 3344"]
CUSTOMER_SECRETS = ["085711223344", "agus.salim@yahoo.com"]


def _rows() -> list[dict]:
    rng = random.Random(15)
    texts = [c["text"] for c in POSITIVES]
    texts += [c["text"] for c in NEGATIVES if c["kind"] == "tracking"][:10]
    texts += [rng.choice(FILLER).format(n=rng.randint(2, 9)) for _ in range(60)]
    rows = []
    for i, text in enumerate(texts):
        rows.append({
            "id": ID_SECRETS[i % 3] if i < 3 else f"R-{i:05d}",
            "comment": text,
            "submitted": f"2026-11-{1 + i % 25:02d} 10:00:00",
            "score": str(rng.randint(0, 10)),
            "customer": CUSTOMER_SECRETS[i % 2] if i < 10 else f"C-{i % 40}",
        })
    return rows


def _secrets() -> list[str]:
    return [c["secret"] for c in POSITIVES] + ID_SECRETS + CUSTOMER_SECRETS


def _leaks(where: str, text: str, secrets: list[str]) -> list[str]:
    found = []
    digits_of_text = re.sub(r"(?<=\d)[ .\-()+]+(?=\d)", "", text)  # "0812 3456-7890" -> "081234567890"
    for secret in secrets:
        digits = re.sub(r"\D", "", secret)
        if re.search(rf"(?<![A-Za-z]){re.escape(secret)}(?![A-Za-z])", text):
            found.append(f"{where}: {secret!r}")
        elif len(digits) >= 9 and digits in digits_of_text:
            found.append(f"{where}: digits of {secret!r}")
    return found


def _scan_database(path: Path, secrets: list[str]) -> tuple[list[str], int]:
    leaks, columns = [], 0
    with duckdb.connect(str(path), read_only=True) as con:
        cols = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type in ('VARCHAR', 'JSON') and table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        for schema, table, column in cols:
            columns += 1
            values = con.execute(f'select "{column}"::varchar from "{schema}"."{table}"').fetchall()
            text = "\n".join(v for (v,) in values if v is not None)
            leaks += _leaks(f"{path.name}:{schema}.{table}.{column}", text, secrets)
    return leaks, columns


@pytest.mark.slow
def test_no_planted_value_survives_a_nightly_run(prefect_harness, tmp_path, monkeypatch):
    from suara.flows.config import load_config
    from suara.flows.nightly import nightly_flow

    monkeypatch.delenv("SUARA_CUSTOMER_SALT", raising=False)
    (tmp_path / "in").mkdir()
    rows = _rows()
    with (tmp_path / "in" / "feedback.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    cfg_path = tmp_path / "suara.yaml"
    cfg_path.write_text(yaml.safe_dump({
        "warehouse": {"path": "wh.duckdb"},
        "sources": [{"name": "survey", "kind": "survey", "path": "in/*.csv", "columns": {
            "id": "id", "text": "comment", "created_at": "submitted", "nps": "score", "customer_id": "customer"}}],
    }))
    cfg = load_config(cfg_path)
    nightly_flow(cfg)

    secrets = _secrets()
    leaks, columns = _scan_database(cfg.warehouse_path, secrets)
    snap_leaks, snap_columns = _scan_database(cfg.snapshot_path, secrets)
    html = (tmp_path / "reports" / "suara-report.html").read_text("utf-8")
    digest = (tmp_path / "reports" / "suara-digest.md").read_text("utf-8")
    leaks += snap_leaks + _leaks("report", html, secrets) + _leaks("digest", digest, secrets)
    assert columns > 50 and snap_columns == columns
    assert not leaks, leaks[:20]
    with duckdb.connect(str(cfg.snapshot_path), read_only=True) as con:
        stored = con.execute("select count(*), count(*) filter (where source_id like 'pii-%') "
                             "from marts.feedback").fetchone()
        texts = "\n".join(r[0] for r in con.execute("select text from marts.feedback").fetchall())
    assert stored == (len(rows), len(ID_SECRETS))
    for case in [c for c in NEGATIVES if c["kind"] == "tracking"][:10]:
        assert case["secret"] in texts  # tracking numbers stay useful
