"""PII redaction: positives per type, tricky negatives, batch counts, and the SQL prefilter."""

from __future__ import annotations

import duckdb
import pytest
from suara.nlp.pii import SQL_PREFILTER, luhn_ok, nik_ok, redact, redact_counts, redact_many

POSITIVES = [
    ("email me at budi.santoso+cs@gmail.co.id ya", "email me at [EMAIL] ya"),
    ("kontak: Siti_R@perusahaan.com.", "kontak: [EMAIL]."),
    ("wa aku di 081234567890 kak", "wa aku di [PHONE] kak"),
    ("hp 0812-3456-7890 tolong", "hp [PHONE] tolong"),
    ("telp 0812 3456 789", "telp [PHONE]"),
    ("nomor 0812.3456.7890!", "nomor [PHONE]!"),
    ("call +62 812 3456 7890 now", "call [PHONE] now"),
    ("call +62-812-3456-7890", "call [PHONE]"),
    ("(+62) 813 1111 2222 ya", "[PHONE] ya"),
    ("nomorku 6281234567890", "nomorku [PHONE]"),
    ("UK office +44 20 7946 0958.", "UK office [PHONE]."),
    ("ring +1 415 555 2671", "ring [PHONE]"),
    ("NIK saya 3174015708900001 ok", "NIK saya [NIK] ok"),
    ("NIK 3273214505950003", "NIK [NIK]"),  # woman: day 45 -> 5
    ("kartu 4111 1111 1111 1111 ditolak", "kartu [CARD] ditolak"),
    ("card 4111-1111-1111-1111", "card [CARD]"),
    ("cc 5500000000000004 dipotong", "cc [CARD] dipotong"),
    ("amex 378282246310005", "amex [CARD]"),
]

NEGATIVES = [
    "harganya Rp 150.000 mahal bgt",
    "cuma Rp150rb kok",
    "total Rp 1.250.000.000 buat proyek",
    "pesanan INV/20241103/MPL/123456789 belum sampai",
    "order #ORD-88231 telat",
    "resi JP1234567890 ga gerak",
    "resi JNE 8825112345678 katanya",  # 13 digits, fails Luhn
    "tanggal 2024-11-03 10:15:00 dan 03/11/2024",
    "beli 2 x 150000 = 300000",
    "epoch 1700000000 di log",
    "nomor 1234567890123456 bukan NIK",  # bad province, fails Luhn
    "skor 10/10 mantap 👍",
    "Rp 62.800.000 buat laptop",
    "",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_redacts_positive(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_keeps_negative(text):
    assert redact(text) == text


def test_trailing_quantity_is_not_swallowed():
    assert redact("0812 3456 7890 100 pcs") == "[PHONE] 100 pcs"


def test_counts_per_type():
    text = "a@b.co 081234567890 3174015708900001 4111111111111111 +44 20 7946 0958"
    red, counts = redact_counts(text)
    assert red == "[EMAIL] [PHONE] [NIK] [CARD] [PHONE]"
    assert counts == {"email": 1, "phone": 2, "nik": 1, "card": 1}


def test_redact_many_passes_none_and_sums():
    out, counts = redact_many(["x@y.id", None, "halo", "0811 2222 3333"])
    assert out == ["[EMAIL]", None, "halo", "[PHONE]"]
    assert counts == {"email": 1, "phone": 1}


def test_checksums():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert nik_ok("3174015708900001") and not nik_ok("9974015708900001") and not nik_ok("3174013208900001")


def test_sql_prefilter_catches_every_positive():
    con = duckdb.connect()
    for text, _ in POSITIVES:
        assert con.execute("select regexp_matches(?, ?)", [text, SQL_PREFILTER]).fetchall()[0][0], text
    for clean in ["Rp 150.000 mantap", "pesanan INV/20241103/MPL/123456789", "resi JP1234567890"]:
        assert not con.execute("select regexp_matches(?, ?)", [clean, SQL_PREFILTER]).fetchall()[0][0]
