"""Readable labels (key phrases, both languages) and representative quotes (issue 4)."""

from __future__ import annotations

import numpy as np
from suara.nlp.topics.labels import make_label, pick_phrases, representative_quotes
from suara.nlp.topics.phrases import analyze, key_phrases
from suara.nlp.topics.stopwords import STOPWORDS


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


def test_no_word_repeats_across_a_labels_phrases():
    # Issue 4: "friendly helpful, wanted package, asked wanted" repeated "wanted".
    assert pick_phrases(["friendly helpful", "wanted package", "asked wanted", "courier"], 3) == [
        "friendly helpful", "wanted package", "courier"]


def test_bigrams_are_adjacent_words_without_stopword_ends_or_punctuation():
    grams = analyze("I asked if they wanted the package, kurirnya ramah banget! Payment failed.")
    assert "asked wanted" not in grams and "package kurirnya" not in grams  # not adjacent / across a comma
    assert {"kurirnya ramah", "payment failed"} <= set(grams)
    assert not any(g.split()[0] in STOPWORDS or g.split()[-1] in STOPWORDS for g in grams)


def test_bilingual_label_uses_each_languages_own_key_phrases():
    docs = ["gagal bayar saldo terpotong"] * 6 + ["payment failed at checkout"] * 4
    langs = ["id"] * 6 + ["en"] * 4
    # The all-language c-TF-IDF list is dominated by the larger language; per-language lists fix that.
    label = make_label(["gagal bayar", "saldo terpotong", "gagal"], docs, langs,
                       {"id": ["gagal bayar", "saldo terpotong"], "en": ["payment failed", "checkout"]})
    assert label == "gagal bayar / payment failed"


def test_key_phrases_per_topic():
    docs = ["payment failed twice", "payment failed again", "kurir ramah sekali", "kurir ramah"]
    keywords = key_phrases(docs, np.array([0, 0, 1, 1]), 2)
    assert "payment failed" in [w for w, _ in keywords[0]] and "kurir ramah" in [w for w, _ in keywords[1]]
    assert not {"sekali", "twice"} & {w for w, _ in keywords[1]}


def test_filler_words_never_become_key_phrases():
    assert {"comment", "semoga", "honestly", "tbh", "overall", "kasih", "jujur", "pelayanan"} & STOPWORDS == {
        "comment", "semoga", "honestly", "tbh", "overall", "kasih", "jujur"}


def test_a_minority_phrase_does_not_name_a_bilingual_theme():
    # Issue 11: the demo's payment-failure theme (which also holds billing complaints) read "extra fees /
    # pengembalian dana": phrases came first however few of the theme's items used them.
    docs = (["payment for my order failed"] * 7 + ["extra fees on the bill"] * 3 + ["gagal terus waktu bayar"] * 6
            + ["tagihan paylater salah"] * 2)
    langs = ["en"] * 10 + ["id"] * 8
    by_language = {"en": ["extra fees", "payment", "failed", "bill"], "id": ["tagihan paylater", "gagal", "bayar"]}
    assert make_label(["payment"], docs, langs, by_language) == "payment, failed / gagal, bayar"
    # A phrase that extends the theme's most used word still leads.
    docs[10:16] = ["gagal bayar terus"] * 6
    assert make_label(["payment"], docs, langs, by_language | {"id": ["gagal bayar", "gagal"]}).endswith(
        "/ gagal bayar")


def test_theme_of_stopword_and_emoji_replies_is_labelled_by_its_repeated_replies():
    # Real Play-store themes: "ok"/"oke" and thumbs-up replies have no key phrase (stopwords, emoji).
    docs = ["Ok", "ok.", "ok", "OKE!", "oke", "ok lah", "👍", "👍", "thanks 👍", "Makasih ya semua, barangnya datang"]
    keywords = key_phrases(docs, np.zeros(len(docs), dtype=int), 1)[0]
    assert keywords == []
    assert make_label([], docs, ["id"] * len(docs)) == "ok, oke, 👍"
    assert make_label([], ["ok", "baik", "sip"], ["id"] * 3) == "(no keywords)"  # nothing repeated
