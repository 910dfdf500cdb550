"""Touchpoint linking with the real encoder (issue 4, item 2)."""

from pathlib import Path

import numpy as np
import pytest
from suara.flows.config import DEFAULT_JOURNEY
from suara.nlp.clauses import split_clauses, split_spans
from suara.nlp.taxonomy import UNLINKED, load_taxonomy
from suara.nlp.touchpoints import LinkInput, TouchpointLinker, keyword_pattern

from tests.nlp import touchpoints_models as models


@pytest.fixture(scope="module")
def linker():
    return TouchpointLinker(load_taxonomy(DEFAULT_JOURNEY), models.embedder(), models.sentiment(), 0.5)


def by_touchpoint(mentions):
    return {m.touchpoint: m for m in mentions}


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("kurirnya ramah tapi aplikasinya error terus pas bayar",
         ["kurirnya ramah", "tapi aplikasinya error terus pas bayar"]),
        ("The food was great, but the service was slow; staff rude.",
         ["The food was great", "but the service was slow", "staff rude"]),
        ("Harga Rp 50.000. Pengiriman lama\nCS gak bales", ["Harga Rp 50.000", "Pengiriman lama", "CS gak bales"]),
        ("Mantap... pengirimannya cepet", ["Mantap pengirimannya cepet"]),
        ("ok", ["ok"]),
        # issue 12: a sentence opened by a concessive word ends that clause at its comma; "even though" is one word
        ("While the service and setting were average, the food was excellent.",
         ["While the service and setting were average", "the food was excellent"]),
        ("Good food. Even though it was late, the staff smiled",
         ["Good food", "Even though it was late", "the staff smiled"]),
        ("meskipun harganya mahal, pelayanannya ramah banget",
         ["meskipun harganya mahal", "pelayanannya ramah banget"]),
        ("walau kecil, kamar bersih", ["walau kecil, kamar bersih"]),  # one word after it: no clause of its own
        ("The food was great, though the portions, sadly, were small",  # mid-sentence: only the contrast cut
         ["The food was great", "though the portions, sadly, were small"]),
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text) == clauses


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Our waiter was inattentive throughout the meal, took nearly 3 hours for dinner.",
         ["Our waiter was inattentive throughout the meal", "took nearly 3 hours for dinner"]),
        ("Cute decor, but rather small so the dining room gets smoky",
         ["Cute decor", "but rather small", "so the dining room gets smoky"]),
        ("kamarnya bersih dan luas tapi sarapannya kurang enak",  # "dan luas": too short, glued back
         ["kamarnya bersih dan luas", "tapi sarapannya kurang enak"]),
        ("AC-nya mati total, air panas (kamar mandi) tidak keluar",  # short pieces join the span they open
         ["AC-nya mati total", "air panas kamar mandi tidak keluar"]),
        ("ok", ["ok"]),
    ],
)
def test_split_spans(text, spans):
    assert split_spans(text) == spans


def test_keyword_pattern_whole_words_suffixes_and_prefixes():
    pattern = keyword_pattern(["app", "kurir", "refund*", "call center"])
    assert pattern.search("kurirnya ramah") and pattern.search("the App crashed")
    assert pattern.search("refunded late") and pattern.search("call   center lama")
    assert not pattern.search("I appreciate it") and not pattern.search("happy")


CLEAR = [
    ("Paketnya telat seminggu dan resi gak update", "delivery_shipping"),
    ("My parcel arrived a week late", "delivery_shipping"),
    ("Pembayaran gagal terus padahal saldo gopay sudah terpotong", "checkout_payment"),
    ("Payment failed twice and I was charged both times", "checkout_payment"),
    ("CS nya lama banget balesnya", "customer_service"),
    ("Still waiting for my refund after returning the item", "returns_refunds"),
    ("Sinyalnya hilang terus di rumah", "network_connectivity"),
    ("The box was crushed when it arrived", "packaging"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAR)
def test_clear_bilingual_examples_link_to_their_touchpoint(linker, text, expected):
    mentions = linker.link([text])[0]
    primary = [m for m in mentions if m.is_primary]
    assert len(primary) == 1 and primary[0].touchpoint == expected, mentions
    assert primary[0].journey_stage == linker.taxonomy.stage_of(expected)
    assert primary[0].evidence


def test_mixed_sentiment_mention_takes_its_clause_sentiment(linker):
    text = "kurirnya ramah tapi aplikasinya error terus pas bayar"
    mentions = by_touchpoint(linker.link([text])[0])
    clauses = split_clauses(text)
    clause_sentiment = models.sentiment().predict(clauses)
    expected = dict(zip(clauses, clause_sentiment.labels, strict=True))
    assert mentions["delivery_shipping"].evidence == "kurirnya ramah"
    assert "checkout_payment" in mentions and "mobile_app" in mentions
    for mention in mentions.values():
        assert mention.sentiment_label == expected[mention.evidence], mention
    assert mentions["checkout_payment"].evidence == "tapi aplikasinya error terus pas bayar"
    assert sum(m.is_primary for m in mentions.values()) == 1


def test_mixed_sentiment_outcome(linker):
    mentions = by_touchpoint(linker.link(["kurirnya ramah sekali tapi aplikasinya error terus pas bayar"])[0])
    assert mentions["delivery_shipping"].sentiment_label == "positive"
    assert mentions["checkout_payment"].sentiment_label == "negative"
    assert mentions["mobile_app"].sentiment_label == "negative"
    assert mentions["checkout_payment"].sentiment_score < 0 < mentions["delivery_shipping"].sentiment_score


def test_chitchat_is_unlinked_and_threshold_applies(linker):
    for mentions in linker.link(["terima kasih", "ok"]):
        assert [(m.touchpoint, m.is_primary, m.method) for m in mentions] == [(UNLINKED, True, "none")]
        assert mentions[0].confidence < 0.5
    (found,) = [m for m in linker.link(["Pengirimannya lama banget"])[0] if m.is_primary]
    assert found.touchpoint == "delivery_shipping" and found.confidence < 1.0
    strict = TouchpointLinker(linker.taxonomy, models.embedder(), None, threshold=(found.confidence + 1) / 2)
    assert strict.link(["Pengirimannya lama banget"])[0][0].touchpoint == UNLINKED


def test_source_hints(linker):
    hinted, ticket = linker.link([
        LinkInput(text="ok", touchpoint_hint="Pengiriman", sentiment_label="neutral", sentiment_score=0.0),
        LinkInput(text="paket saya belum sampai juga", kind="ticket", channel="chat"),
    ])
    assert [(m.touchpoint, m.method, m.is_primary) for m in hinted] == [("delivery_shipping", "hint", True)]
    assert hinted[0].sentiment_label == "neutral" and hinted[0].evidence is None
    tickets = by_touchpoint(ticket)
    assert tickets["customer_service"].method == "channel" and not tickets["customer_service"].is_primary
    assert tickets["delivery_shipping"].is_primary


class Counting:
    """The real encoder, recording every text it is asked to encode."""

    model_id = "counting"

    def __init__(self):
        self.texts = []

    def embed(self, texts, *, prefix="query: "):
        self.texts.extend(texts)
        return models.embedder().embed(texts, prefix=prefix)


def cached_item(text, label="negative", score=-0.8, two_sided=0.01):
    return LinkInput(text=text, embedding=models.embedder().embed([text])[0], sentiment_label=label,
                     sentiment_score=score, two_sided=two_sided)


def test_single_clause_items_reuse_the_cached_embedding_and_sentiment(linker):
    counting = Counting()
    reuse = TouchpointLinker(linker.taxonomy, counting, models.sentiment(), 0.5)
    counting.texts.clear()
    (mention,) = [m for m in reuse.link([cached_item("refund saya belum masuk")])[0] if m.is_primary]
    assert counting.texts == []
    assert (mention.touchpoint, mention.sentiment_label, mention.sentiment_score) == (
        "returns_refunds", "negative", -0.8)


def test_one_topic_multi_clause_item_is_scored_whole_without_encoder_passes(linker):
    counting = Counting()
    whole = TouchpointLinker(linker.taxonomy, counting, models.sentiment(), 0.5)
    text = "Paketnya telat seminggu. Resinya tidak bergerak sama sekali. Kecewa banget"
    assert len(split_clauses(text)) == 3
    counting.texts.clear()
    mentions = whole.link([cached_item(text, score=-0.9)])[0]  # clearly felt: p(neutral) 0.08, no span looked at
    assert counting.texts == [] and whole.encoded_clauses == 0
    assert [(m.touchpoint, m.evidence, m.sentiment_label) for m in mentions] == [
        ("delivery_shipping", text, "negative")]
    # With the gate off, the same item costs one encoder pass per clause and links the same touchpoint.
    by_clause = TouchpointLinker(linker.taxonomy, counting, models.sentiment(), 0.5, split_gate=0, two_sided=0)
    counting.texts.clear()
    assert [m.touchpoint for m in by_clause.link([cached_item(text, score=-0.9)])[0]] == ["delivery_shipping"]
    assert by_clause.encoded_clauses == 3  # one pass each, embedding and sentiment together (the adapter)


def test_mixed_item_with_cached_embedding_is_split_into_clauses(linker):
    counting = Counting()
    split = TouchpointLinker(linker.taxonomy, counting, models.sentiment(), 0.5)
    text = "kurirnya ramah sekali tapi aplikasinya error terus pas bayar"
    counting.texts.clear()
    mentions = by_touchpoint(split.link([cached_item(text, "negative", -0.3, 0.2)])[0])
    assert split.encoded_clauses == len(split_clauses(text))
    assert mentions["delivery_shipping"].sentiment_label == "positive"
    assert mentions["checkout_payment"].sentiment_label == "negative"


def test_neutral_looking_mention_takes_the_sentiment_of_its_own_span():
    # The whole sentence reads neutral; the waiter's own span is negative (MAMS-ACSA val).
    restaurant = load_taxonomy(Path(__file__).parent / "cases" / "taxonomy_mams.yaml")
    counting = Counting()
    linker = TouchpointLinker(restaurant, counting, models.sentiment(), 0.5)
    text = "Our waiter was inattentive throughout the meal, took nearly 3 hours for dinner."
    spans = split_spans(text)
    span_sentiment = models.sentiment().predict(spans)
    assert span_sentiment.labels[0] == "negative"  # the model reads the waiter's span as negative
    neutral = LinkInput(text=text, embedding=models.embedder().embed([text])[0], sentiment_label="neutral",
                        sentiment_score=0.0, two_sided=0.1)  # p(neutral) 0.8
    mentions = by_touchpoint(linker.link([neutral])[0])
    assert mentions["staff"].sentiment_label == "negative"
    assert mentions["staff"].sentiment_score == pytest.approx(float(span_sentiment.scores[0]), abs=1e-4)
    assert mentions["staff"].evidence == text  # the evidence stays the unit that links it
    assert linker.encoded_clauses == len(spans)
    # The same item read as clearly felt keeps its own sentiment, and no span is encoded.
    clear = LinkInput(text=text, embedding=neutral.embedding, sentiment_label="positive", sentiment_score=0.95,
                      two_sided=0.0)
    linker.encoded_clauses = 0
    assert by_touchpoint(linker.link([clear])[0])["staff"].sentiment_label == "positive"
    assert linker.encoded_clauses == 0


def test_needs_clauses_wants_a_second_candidate_and_a_possibly_mixed_text(linker):
    # split_gate 0.2, threshold 0.5: a second touchpoint at 0.3 splits a possibly mixed text; one at 0.6
    # (it would link on its own) splits any multi-clause text; one at 0.1 splits nothing.
    near, strong, none = [0.9, 0.3, 0.1], [0.9, 0.6, 0.1], [0.9, 0.1, 0.0]
    texts = ["a b. c d", "a b tapi c d", "a b. c d", "a b. c d", "a b. c d", "a b tapi c d"]
    conf = np.array([near, near, near, near, strong, none])
    assert linker.needs_clauses(conf, texts, [0.01, 0.01, 0.2, None, 0.01, 0.3]).tolist() == [
        False, True, True, True, True, False]


def test_a_runner_up_the_unit_names_by_keyword_needs_no_closeness_to_the_best(linker):
    # link_z 1.5, extra_z 1, gap_z 2: a runner-up 3 behind the best falls short, unless a keyword names it.
    z = np.array([[8.0, 5.0, 0.0]])
    assert linker.confidence(z)[0, 1] < 0.5
    named = np.array([[True, True, False]])
    assert linker.confidence(z, named)[0, 1] > 0.5
    assert linker.confidence(np.array([[8.0, 2.0, 0.0]]), named)[0, 1] < 0.5  # still extra_z above link_z
    assert linker.confidence(z, named)[0, 0] == pytest.approx(linker.confidence(z)[0, 0])


def test_replaced_taxonomy_needs_no_code_change():
    path = Path(__file__).parent / "cases" / "taxonomy_cafe.yaml"  # a journey nothing in the code names
    cafe = TouchpointLinker(load_taxonomy(path), models.embedder(), models.sentiment(), 0.5)
    coffee, seating = cafe.link(["Kopinya pahit banget", "There were no free tables at all"])
    assert coffee[0].touchpoint == "coffee" and coffee[0].journey_stage == "visit"
    assert seating[0].touchpoint == "seating"
