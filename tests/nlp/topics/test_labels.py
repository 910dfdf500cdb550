"""Readable labels (key phrases, both languages) and representative quotes (issue 4)."""

from __future__ import annotations

import numpy as np

from nlp.topics.labels import make_label, pick_phrases, representative_quotes
from nlp.topics.stopwords import STOPWORDS


def test_phrases_first_and_no_repeats():
    assert pick_phrases(["gagal", "gagal bayar", "saldo", "saldo terpotong", "bayar"], 3) == [
        "gagal bayar", "saldo terpotong"]


def test_label_names_a_phrase_per_language_when_theme_spans_both():
    docs = ["kurir ramah sekali"] * 6 + ["friendly courier today"] * 4
    langs = ["id"] * 6 + ["en"] * 4
    assert make_label(["kurir ramah", "friendly courier", "kurir"], docs, langs) == "kurir ramah / friendly courier"


def test_label_of_one_language_theme_is_top_phrases():
    docs = ["app crash after update"] * 5
    label = make_label(["app crash", "crash", "update", "force close"], docs, ["en"] * 5)
    assert label == "app crash, force close, update"


def test_quotes_cover_languages_and_skip_duplicates():
    texts = ["bayar gagal terus dari kemarin", "bayar gagal terus dari kemarin", "payment failed again today",
             "x" * 400]
    emb = np.array([[1, 0], [1, 0], [0.9, 0.1], [1, 0]], dtype=float)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    quotes = representative_quotes(texts, emb, np.array([1.0, 0.0]), ["id", "id", "en", "id"], n=2)
    assert quotes == ["bayar gagal terus dari kemarin", "payment failed again today"]


def test_bilingual_stopwords_include_slang():
    assert {"yang", "gak", "udah", "bgt", "the", "and"} <= STOPWORDS
    assert "bayar" not in STOPWORDS and "payment" not in STOPWORDS
