"""PII redaction (issues 2 and 15): the golden table of positives and negatives, placeholders, counts, prefilter."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest
from suara.nlp.pii import (
    SQL_PREFILTER,
    contains_pii,
    luhn_ok,
    nik_ok,
    redact,
    redact_counts,
    redact_many,
)

GOLDEN = Path(__file__).parent / "cases" / "pii_golden.tsv"


def _golden() -> list[dict]:
    lines = [line for line in GOLDEN.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


CASES = _golden()
POSITIVES = [c for c in CASES if c["label"] == "pii"]
NEGATIVES = [c for c in CASES if c["label"] == "keep"]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def leaked(case: dict) -> bool:
    """The case's secret survives redaction, verbatim or as its digits with other separators."""
    out = redact(case["text"])
    digits = _digits(case["secret"])
    return case["secret"] in out or (len(digits) >= 6 and digits in _digits(out))


def test_golden_table_is_large_and_covers_every_kind():
    kinds = {c["kind"] for c in POSITIVES}
    assert kinds == {"phone", "nik", "card", "email", "account", "address", "name"}
    assert {c["kind"] for c in NEGATIVES} >= {"tracking", "order_id", "price", "version", "date", "other"}
    assert len(POSITIVES) >= 120 and len(NEGATIVES) >= 120
    assert all(c["secret"] in c["text"] for c in CASES)


def test_golden_precision_and_recall():
    """Recall over the positives, precision over positives plus negatives (a changed negative is a false positive)."""
    true_pos = sum(not leaked(c) for c in POSITIVES)
    false_pos = sum(redact(c["text"]) != c["text"] for c in NEGATIVES)
    precision = true_pos / max(true_pos + false_pos, 1)
    recall = true_pos / len(POSITIVES)
    print(f"\nPII golden table: {len(POSITIVES)} positives, {len(NEGATIVES)} negatives; "
          f"precision {precision:.3f}, recall {recall:.3f}")
    leaks = [c["text"] for c in POSITIVES if leaked(c)]
    harmed = [(c["text"], redact(c["text"])) for c in NEGATIVES if redact(c["text"]) != c["text"]]
    assert not leaks, leaks
    assert not harmed, harmed
    assert precision == 1.0 and recall == 1.0


@pytest.mark.parametrize("case", POSITIVES, ids=lambda c: f"{c['kind']}:{c['text'][:40]}")
def test_positive_is_replaced_by_its_placeholder(case):
    out = redact(case["text"])
    assert not leaked(case), out
    assert f"[{case['kind'].upper()}]" in out, out


@pytest.mark.parametrize("case", NEGATIVES, ids=lambda c: f"{c['kind']}:{c['text'][:40]}")
def test_negative_stays_intact(case):
    assert redact(case["text"]) == case["text"]


def test_sql_prefilter_catches_every_positive():
    con = duckdb.connect()
    missed = [c["text"] for c in POSITIVES
              if not con.execute("select regexp_matches(?, ?)", [c["text"], SQL_PREFILTER]).fetchone()[0]]
    assert not missed
    for clean in ["Rp 150.000 mantap", "pesanan INV/2411/MPL/1234567", "kurir ramah", "meet at the office"]:
        assert not con.execute("select regexp_matches(?, ?)", [clean, SQL_PREFILTER]).fetchone()[0], clean


def test_trailing_quantity_and_leading_number_are_not_swallowed():
    assert redact("0812 3456 7890 100 pcs") == "[PHONE] 100 pcs"
    assert redact("beli 10 0812 3456 7890") == "beli 10 [PHONE]"


def test_counts_per_type():
    text = ("a@b.co 081234567890 3174015708900001 4111111111111111 +44 20 7946 0958 no rek 1234567890 "
            "Jl. Melati No. 5 nama saya Budi")
    red, counts = redact_counts(text)
    assert red == "[EMAIL] [PHONE] [NIK] [CARD] [PHONE] no rek [ACCOUNT] [ADDRESS] nama saya [NAME]"
    assert counts == {"email": 1, "phone": 2, "nik": 1, "card": 1, "account": 1, "address": 1, "name": 1}


def test_redact_many_passes_none_and_sums():
    out, counts = redact_many(["x@y.id", None, "halo", "0811 2222 3333"])
    assert out == ["[EMAIL]", None, "halo", "[PHONE]"]
    assert counts == {"email": 1, "phone": 1}


def test_contains_pii_for_ids():
    assert contains_pii("budi@gmail.com") and contains_pii("081234567890") and contains_pii("+62 812 3456 7890")
    assert not contains_pii("R-000123") and not contains_pii("INV/2024/11/0001") and not contains_pii(None)


def test_checksums():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert nik_ok("3174015708900001") and not nik_ok("9974015708900001") and not nik_ok("3174013208900001")
    assert not nik_ok("3100015708900001") and not nik_ok("3174015708900000")  # regency 00, serial 0000
