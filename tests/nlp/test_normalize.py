"""Normalisation of informal Indonesian: slang, elongation, punctuation, emoji and negation kept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from suara.nlp.normalize import NEGATIONS, load_slang, normalize

CASES = Path(__file__).parent / "cases" / "normalize_golden.tsv"


def golden():
    with CASES.open(encoding="utf-8", newline="") as fh:
        return [(r["text"], r["expected"]) for r in csv.DictReader(fh, delimiter="\t")]


@pytest.mark.parametrize(("text", "expected"), golden())
def test_golden_cases(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("word", ["gak", "ga", "nggak", "engga", "tdk", "gk", "kagak"])
def test_informal_negations_become_tidak(word):
    assert normalize(f"{word} suka") == "tidak suka"


@pytest.mark.parametrize("word", sorted(NEGATIONS))
def test_no_negation_is_ever_dropped(word):
    out = normalize(f"barangnya {word} bagus").split()
    assert any(w in NEGATIONS for w in out), out


def test_every_builtin_slang_entry_keeps_negation():
    table = load_slang()
    for slang, formal in table.mapping.items():
        if slang in NEGATIONS:
            assert any(w in NEGATIONS for w in formal.split()), (slang, formal)


def test_english_text_is_left_alone_except_case_and_elongation():
    text = "I don't like it, u know... sooooo slow, can't login"
    assert normalize(text, language="en") == "i don't like it, u know... so slow, can't login"


def test_english_words_survive_inside_indonesian_text():
    # indo-normalizer maps "so" to "sok"; that entry must not apply.
    assert normalize("so far so good, mantap") == "so far so good, mantap"


def test_emoji_and_emoticons_are_kept():
    out = normalize("Mantul 🔥🔥🔥 :D ❤️")
    assert "🔥" in out and ":d" in out and "❤" in out


def test_user_slang_file_extends_and_overrides(tmp_path):
    user = tmp_path / "slang.csv"
    user.write_text("slang,formal\nmantul,mantap betul\nbgt,sangat\n", encoding="utf-8")
    assert normalize("mantul bgt", slang_file=user) == "mantap betul sangat"
    assert normalize("mantul bgt") == "mantap banget"


def test_user_slang_file_cannot_drop_a_negation(tmp_path):
    user = tmp_path / "slang.csv"
    user.write_text("slang,formal\ngak,iya\n", encoding="utf-8")
    with pytest.raises(ValueError, match="negation"):
        normalize("gak", slang_file=user)


def test_malformed_user_slang_file_names_file_and_row(tmp_path):
    user = tmp_path / "slang.csv"
    user.write_text("slang,formal\nok,oke\nbroken\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"slang.csv, row 3"):
        normalize("x", slang_file=user)
