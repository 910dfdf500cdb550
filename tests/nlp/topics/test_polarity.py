"""Key phrases on their theme's side: a pain point is never labelled with praise (issue 11)."""

from __future__ import annotations

import numpy as np
from suara.nlp.topics.labels import make_label
from suara.nlp.topics.polarity import NONE, PAIN, side_keywords, theme_sides

# What a sentiment model says of each phrase (negative, neutral, positive).
READS = {
    "kurang dingin": (0.9, 0.05, 0.05), "pelayanan ramah": (0.1, 0.1, 0.8), "ac kamar": (0.3, 0.6, 0.1),
    "payment failed": (0.95, 0.03, 0.02), "extra fees": (0.3, 0.5, 0.2), "payment": (0.2, 0.7, 0.1),
    "kurir ramah": (0.05, 0.05, 0.9), "paket telat": (0.8, 0.1, 0.1), "kurir": (0.2, 0.6, 0.2),
}
CALLS: list[list[str]] = []


def _score(texts: list[str]) -> np.ndarray:
    CALLS.append(list(texts))
    return np.array([READS[t] for t in texts])


def _kws(*words: str) -> list[tuple[str, float]]:
    return [(w, 1.0 / (i + 1)) for i, w in enumerate(words)]


def test_side_is_the_themes_own_majority():
    topics = np.array([0, 0, 0, 1, 1, 1, 2, 2])
    sentiment = ["negative", "negative", "positive", "positive", "positive", "negative", "neutral", "neutral"]
    assert theme_sides(topics, sentiment, 3).tolist() == [PAIN, NONE, NONE]
    assert theme_sides(topics, None, 3).tolist() == [NONE] * 3


def test_pain_point_drops_praise_and_a_theme_without_side_keeps_its_phrases():
    keywords = [_kws("pelayanan ramah", "kurang dingin", "ac kamar"), _kws("paket telat", "kurir ramah", "kurir")]
    by_language = {"id": [_kws("pelayanan ramah", "ac kamar"), _kws("kurir ramah", "paket telat")]}
    CALLS.clear()
    kept, kept_lang, voice = side_keywords(keywords, by_language, np.array([PAIN, NONE]), _score)
    assert [w for w, _ in kept[0]] == ["kurang dingin", "ac kamar"]  # praise gone, neutral topic words stay
    assert kept[1] == keywords[1] and kept_lang["id"][1] == by_language["id"][1]
    assert [w for w, _ in kept_lang["id"][0]] == ["ac kamar"]
    assert voice == [{"kurang dingin"}, set()]
    assert len(CALLS) == 1 and len(CALLS[0]) == len(set(CALLS[0]))  # every distinct phrase scored once


def test_without_a_scorer_or_sentiment_keywords_are_unchanged():
    keywords = [_kws("pelayanan ramah", "kurang dingin")]
    assert side_keywords(keywords, {}, np.array([PAIN]), None) == (keywords, {}, [set()])
    assert side_keywords(keywords, {}, np.array([NONE]), _score)[0] == keywords


def test_pain_label_leads_with_the_phrase_that_says_the_problem():
    docs = ["extra fees charged, payment failed"] * 5
    keywords = ["payment", "extra fees", "payment failed"]
    assert make_label(keywords, docs, ["en"] * 5) == "extra fees, payment failed"
    assert make_label(keywords, docs, ["en"] * 5, voice={"payment failed"}) == "payment failed, extra fees"


def test_bilingual_label_prefers_voiced_phrases_in_each_language():
    docs = ["biaya tambahan, gagal bayar"] * 6 + ["extra fees, payment failed"] * 4
    langs = ["id"] * 6 + ["en"] * 4
    by_language = {"id": ["biaya tambahan", "gagal bayar"], "en": ["extra fees", "payment failed"]}
    plain = make_label(["extra fees"], docs, langs, by_language)
    voiced = make_label(["extra fees"], docs, langs, by_language, voice={"gagal bayar", "payment failed"})
    assert plain == "biaya tambahan / extra fees"
    assert voiced == "gagal bayar / payment failed"


def test_complaints_whose_every_phrase_reads_as_praise_keep_their_own_words():
    # Play-store theme of complaints about too few promotions: its complaints' phrases are "promo" and
    # "promonya", both read as positive; without the fallback it was labelled "(no keywords)".
    reads = {"promo": (0.08, 0.12, 0.8), "promonya": (0.2, 0.04, 0.76), "pelayanan ramah": (0.1, 0.1, 0.8)}
    keywords = [_kws("promo", "promonya"), _kws("pelayanan ramah")]
    sides = np.array([PAIN, PAIN])

    def score(texts):
        return np.array([reads[t] for t in texts])

    kept, _, _ = side_keywords(keywords, {}, sides, score, own=np.array([True, False]))
    assert [w for w, _ in kept[0]] == ["promo", "promonya"]
    assert kept[1] == []  # phrases of all its items (praise among them) may not label a pain point
    kept, _, _ = side_keywords(keywords, {}, sides, score)
    assert kept[0] == []


def test_each_theme_of_mostly_praise_gets_the_key_phrases_of_its_complaints():
    # A free-shipping theme of praise with some complaints about the minimum order; a payment theme of complaints.
    from suara.nlp.topics.model import TopicParams, fit_topics
    from suara.nlp.topics.space import normalize_rows

    rng = np.random.default_rng(0)
    centres = 3 * rng.normal(size=(2, 16))
    truth = np.arange(300) % 2
    x = normalize_rows(centres[truth] + rng.normal(size=(300, 16)))
    docs, sentiment = [], []
    for i, t in enumerate(truth):
        if t == 0:
            complaint = i % 10 == 0
            docs.append(f"gratis ongkir {'minimum order tinggi' if complaint else 'mantap sekali'} nomor {i}")
            sentiment.append("negative" if complaint else "positive")
        else:
            docs.append(f"pembayaran gagal {'saldo hilang' if i % 3 else 'cs ramah'} nomor {i}")
            sentiment.append("negative" if i % 3 else "positive")
    praise = ("mantap", "ramah")

    def score(texts):
        return np.array([(0.1, 0.1, 0.8) if any(p in t for p in praise) else (0.5, 0.4, 0.1) for t in texts])

    result = fit_topics(docs, x, TopicParams(min_topic_size=15), None, sentiment, score=score)
    shipping, payment = result.topics[0], result.topics[1]
    assert result.negative_share[shipping] < 0.5 < result.negative_share[payment]
    words = {w for phrase, _ in result.complaints.keywords[shipping] for w in phrase.split()}
    assert {"minimum", "order"} <= words and "mantap" not in words  # what the complaints say, not the praise
    assert result.complaints.keywords[payment] == result.keywords[payment]  # described by its complaints already
    assert fit_topics(docs, x, TopicParams(min_topic_size=15)).complaints is None  # no sentiment, no complaints
