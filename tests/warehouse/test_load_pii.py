"""Issue 2: no planted e-mail, phone, NIK, card or customer id reaches any table after ingestion."""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest
import yaml
from suara.flows.config import load_config
from suara.warehouse.load import ingest_sources

PLANTED = [
    "budi.santoso@gmail.com",
    "081234567890",
    "0812-3456-7890",
    "+62 812 3456 7890",
    "3174015708900001",
    "4111 1111 1111 1111",
    "5500000000000004",
    "siti@contoh.co.id",
    "CUST-98765",
]


def test_planted_pii_never_stored(fresh_db, tmp_path):
    rows = [
        [
            "1",
            "email saya budi.santoso@gmail.com tolong dibalas",
            "2024-11-01",
            "9",
            "CUST-98765",
            "hubungi 081234567890",
        ],
        [
            "2",
            "kartu 4111 1111 1111 1111 kepotong dua kali, NIK 3174015708900001",
            "2024-11-02",
            "2",
            "CUST-98765",
            "siti@contoh.co.id",
        ],
        [
            "3",
            "telp +62 812 3456 7890 atau 0812-3456-7890",
            "bukan tanggal 5500000000000004",
            "5",
            "CUST-98765",
            "",
        ],
        ["4", "skor kebesaran wa 081234567890", "2024-11-02", "11", "CUST-98765", "5500000000000004"],
        ["", "tanpa id siti@contoh.co.id", "2024-11-02", "7", "CUST-98765", ""],
    ]
    (tmp_path / "in").mkdir()
    lines = ["id,comment,submitted,score,customer,note"] + [",".join(f'"{v}"' for v in r) for r in rows]
    lines.append('6,"broken line with 3174015708900001')  # unterminated quote: quarantined raw line
    (tmp_path / "in" / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text(
        json.dumps(
            {
                "id": "j1",
                "comment": "cc 5500000000000004",
                "submitted": "2024-11-03",
                "customer": "CUST-98765",
                "meta": {"contact": "budi.santoso@gmail.com"},
            }
        )
        + "\n"
        + "{not json 081234567890\n",
        encoding="utf-8",
    )
    cols = {
        "id": "id",
        "text": "comment",
        "created_at": "submitted",
        "nps": "score",
        "customer_id": "customer",
    }
    cfg_path = tmp_path / "suara.yaml"
    cfg_path.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {"name": "csv", "kind": "survey", "path": "in/*.csv", "columns": cols},
                    {
                        "name": "jsonl",
                        "kind": "survey",
                        "path": "in/*.jsonl",
                        "format": "jsonl",
                        "columns": {k: v for k, v in cols.items() if k != "nps"},
                    },
                ]
            }
        )
    )
    result = ingest_sources(fresh_db, load_config(cfg_path))
    # row 4's NPS 11 is NULLed and the row loads (issue 14): 4 loaded, 4 rows and 1 field quarantined
    assert result.total("inserted") == 4 and sum(result.quarantined.values()) == 4

    columns = fresh_db.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type in ('VARCHAR', 'JSON') and table_schema in ('raw', 'core', 'ops')"
    ).fetchall()
    assert len(columns) > 20
    digits = {p: "".join(ch for ch in p if ch.isdigit()) for p in PLANTED}
    for schema, table, column in columns:
        values = fresh_db.execute(f'select "{column}"::varchar from "{schema}"."{table}"').fetchall()
        for (value,) in values:
            if value is None:
                continue
            flat = "".join(ch for ch in value if ch.isdigit())
            for planted in PLANTED:
                assert planted not in value, (schema, table, column, value)
                assert not digits[planted] or digits[planted] not in flat or len(digits[planted]) < 8, (
                    schema,
                    table,
                    column,
                    value,
                )
    texts = [r[0] for r in fresh_db.execute("select text from core.feedback order by source_id").fetchall()]
    assert texts[0] == "email saya [EMAIL] tolong dibalas"
    assert texts[1] == "kartu [CARD] kepotong dua kali, NIK [NIK]"


# Issue 15: the forms that leaked, ids that are personal data, and the salt.
PLANTED_15 = {
    "(021) 5550123": "telp kantor (021) 5550123 ga diangkat",
    "081298765432": "refund belum masuk wa081298765432 tolong",
    "0813-1111-2222": "hp/0813-1111-2222 kurir",
    "0 8 1 2 9 9 8 8 7 7 6 6": "nomor saya 0 8 1 2 9 9 8 8 7 7 6 6",
    "3171 2315 0890 0001": "NIK 3171 2315 0890 0001 buat verifikasi",
    "rina [at] gmail [dot] com": "email rina [at] gmail [dot] com ya",
    "7001234567": "refund ke no rek 7001234567 BCA",
    "Jl. Sudirman No. 5 RT 03/RW 02": "kirim ke Jl. Sudirman No. 5 RT 03/RW 02, Jakarta",
    "Budi Santoso": "halo nama saya Budi Santoso, pesanan belum sampai",
}
ID_PII = {"row-email": "dewi.lestari@gmail.com", "row-phone": "081377788899"}
KEPT = {"6984727116849": "Resi 6984727116849 ga gerak", "+12.500.000": "cashback +12.500.000 belum masuk"}


def _issue15_source(tmp_path, warehouse: str = "wh.duckdb"):
    rows = [("ok-1", "kurir ramah", "C-1")]
    rows += [(f"r{i}", text, "C-2") for i, text in enumerate(PLANTED_15.values())]
    rows += [(ID_PII["row-email"], "pakai email sebagai id", "C-3"),
             (ID_PII["row-phone"], "pakai hp sebagai id", "C-3")]
    rows += [(f"k{i}", text, "C-4") for i, text in enumerate(KEPT.values())]
    (tmp_path / "in").mkdir(exist_ok=True)
    body = "\n".join(f'"{i}","{t}","2024-11-0{n % 9 + 1}","{c}"' for n, (i, t, c) in enumerate(rows))
    (tmp_path / "in" / "a.csv").write_text("id,comment,submitted,customer\n" + body + "\n", encoding="utf-8")
    cfg_path = tmp_path / "suara.yaml"
    cfg_path.write_text(yaml.safe_dump({
        "warehouse": {"path": warehouse},
        "sources": [{"name": "csv", "kind": "survey", "path": "in/*.csv",
                     "columns": {"id": "id", "text": "comment", "created_at": "submitted", "customer_id": "customer"}}],
    }))
    return load_config(cfg_path)


def _varchar_values(con) -> list[tuple[str, str, str]]:
    columns = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type in ('VARCHAR', 'JSON') and table_schema not in ('information_schema', 'pg_catalog')"
    ).fetchall()
    out = []
    for schema, table, column in columns:
        for (value,) in con.execute(f'select "{column}"::varchar from "{schema}"."{table}"').fetchall():
            if value is not None:
                out.append((f"{schema}.{table}.{column}", value))
    return out


def test_issue15_forms_and_personal_ids_never_stored(tmp_path, monkeypatch):
    from suara.warehouse.db import connect
    from suara.warehouse.privacy import HASHED_ID_PREFIX, salt_path

    monkeypatch.delenv("SUARA_CUSTOMER_SALT", raising=False)
    cfg = _issue15_source(tmp_path)
    with connect(cfg.warehouse_path) as con:
        result = ingest_sources(con, cfg)
        values = _varchar_values(con)
        ids = {r[0] for r in con.execute("select source_id from core.feedback").fetchall()}
        texts = " | ".join(r[0] for r in con.execute("select text from core.feedback").fetchall())
    assert result.total("inserted") == 1 + len(PLANTED_15) + len(ID_PII) + len(KEPT)
    planted = list(PLANTED_15) + list(ID_PII.values())
    for where, value in values:
        flat = "".join(ch for ch in value if ch.isdigit())
        for secret in planted:
            digits = "".join(ch for ch in secret if ch.isdigit())
            assert secret not in value, (where, value)
            assert len(digits) < 9 or digits not in flat, (where, value)
    for kept in KEPT:  # tracking numbers and prices survive
        assert kept in texts
    hashed = [i for i in ids if i.startswith(HASHED_ID_PREFIX)]
    assert len(hashed) == len(ID_PII) and "ok-1" in ids
    salt_file = salt_path(cfg.warehouse_path)
    assert salt_file.exists() and (salt_file.stat().st_mode & 0o777) == 0o600


def test_customer_hashes_use_a_per_warehouse_salt_not_a_fixed_one(tmp_path, monkeypatch):
    from suara.warehouse.db import connect
    from suara.warehouse.privacy import salt_path

    monkeypatch.delenv("SUARA_CUSTOMER_SALT", raising=False)
    hashes = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        cfg = _issue15_source(tmp_path / name)
        with connect(cfg.warehouse_path) as con:
            ingest_sources(con, cfg)
            hashes.append(con.execute("select customer_hash from core.feedback where source_id = 'ok-1'").fetchone()[0])
        salt = salt_path(cfg.warehouse_path).read_text().strip()
        # Anyone holding the warehouse and the code, but not the salt file, cannot recompute the hash of "C-1".
        assert hashes[-1] == hashlib.sha256((salt + "C-1").encode()).hexdigest()
        assert salt not in cfg.warehouse_path.read_bytes().decode("latin-1")
    assert hashes[0] != hashes[1]
    monkeypatch.setenv("SUARA_CUSTOMER_SALT", "from-the-environment")
    (tmp_path / "c").mkdir()
    cfg = _issue15_source(tmp_path / "c")
    with connect(cfg.warehouse_path) as con:
        ingest_sources(con, cfg)
        got = con.execute("select customer_hash from core.feedback where source_id = 'ok-1'").fetchone()[0]
    assert got == hashlib.sha256(b"from-the-environmentC-1").hexdigest()
    assert not salt_path(cfg.warehouse_path).exists()


def test_an_unusable_salt_file_is_a_clear_error(tmp_path, monkeypatch):
    from suara.warehouse.db import connect
    from suara.warehouse.privacy import SaltError, resolve_salt, salt_path

    monkeypatch.delenv("SUARA_CUSTOMER_SALT", raising=False)
    cfg = _issue15_source(tmp_path)
    salt_path(cfg.warehouse_path).write_text("\n")
    with connect(cfg.warehouse_path) as con:
        result = ingest_sources(con, cfg)
        stored = con.execute("select count(*) from core.feedback").fetchone()[0]
    # The file is not loaded (never with a guessable salt) and the error names the salt file.
    assert stored == 0 and result.total("inserted") == 0
    errors = result.as_dict()["sources"]["csv"]["errors"]
    assert any(".salt: salt file is empty" in e for e in errors), errors
    with duckdb.connect(str(cfg.warehouse_path)) as con, pytest.raises(SaltError, match="restore it from backup"):
        resolve_salt("SUARA_CUSTOMER_SALT", con)
