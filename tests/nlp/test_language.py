"""Language identification: Indonesian, English, code-mixing, Malay folding, and texts too short to tell."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from suara.nlp.language import detect_language, detect_languages

CASES = Path(__file__).parent / "cases" / "language_golden.tsv"


def golden():
    with CASES.open(encoding="utf-8", newline="") as fh:
        return [(r["text"], r["code"], r["mixed"] == "true") for r in csv.DictReader(fh, delimiter="\t")]


@pytest.mark.parametrize(("text", "code", "mixed"), golden())
def test_golden_cases(text, code, mixed):
    result = detect_language(text)
    assert (result.code, result.mixed) == (code, mixed)


def test_und_has_zero_confidence_and_clear_text_high_confidence():
    und, clear = detect_languages(["ok", "Saya sangat kecewa dengan pelayanan toko ini"])
    assert und.confidence == 0.0
    assert clear.confidence > 0.9


def test_malay_never_reported():
    texts = ["Saya mahu beli barang ini tetapi harganya terlalu mahal", "Terima kasih atas bantuan anda"]
    assert all(r.code != "ms" for r in detect_languages(texts))


def test_restricted_language_set_and_order_preserved():
    results = detect_languages(["Delivery was late again", "Pesanan belum sampai juga"], ["id", "en"])
    assert [r.code for r in results] == ["en", "id"]


def test_unknown_language_code_names_the_config_key():
    with pytest.raises(ValueError, match="enrich.languages"):
        detect_languages(["halo"], ["id", "xx"])


def test_other_configured_languages_are_reported():
    text = "Het pakket kwam te laat aan en de chauffeur was onbeleefd"
    assert detect_language(text, ["id", "en", "nl"]).code == "nl"
    assert detect_language(text, ["id", "en"]).code != "nl"
