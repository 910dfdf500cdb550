"""Touchpoint linking with the real encoder (issue 4, item 2)."""

import pytest

from flows.config import DEFAULT_JOURNEY
from nlp.clauses import split_clauses
from nlp.taxonomy import UNLINKED, load_taxonomy
from nlp.touchpoints import LinkInput, TouchpointLinker, keyword_pattern
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
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text) == clauses


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
    clause_sentiment = models.sentiment().predict_from_embeddings(models.embedder().embed(clauses))
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
    strict = TouchpointLinker(linker.taxonomy, models.embedder(), None, threshold=0.999)
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


def test_single_clause_items_reuse_the_cached_embedding_and_sentiment(linker):
    class Counting:
        model_id = models.embedder().model_id

        def __init__(self):
            self.texts = []

        def embed(self, texts, *, prefix="query: "):
            self.texts.extend(texts)
            return models.embedder().embed(texts, prefix=prefix)

    counting = Counting()
    reuse = TouchpointLinker(linker.taxonomy, counting, models.sentiment(), 0.5)
    counting.texts.clear()
    vector = models.embedder().embed(["refund saya belum masuk"])[0]
    item = LinkInput(text="refund saya belum masuk", embedding=vector, sentiment_label="negative",
                     sentiment_score=-0.8)
    (mention,) = [m for m in reuse.link([item])[0] if m.is_primary]
    assert counting.texts == []
    assert (mention.touchpoint, mention.sentiment_label, mention.sentiment_score) == (
        "returns_refunds", "negative", -0.8)


def test_replaced_taxonomy_needs_no_code_change(tmp_path):
    path = tmp_path / "cafe.yaml"
    path.write_text(
        """
stages:
  - {id: visit, name: {en: Visit, id: Kunjungan}}
touchpoints:
  - id: coffee
    stage: visit
    name: {en: Coffee, id: Kopi}
    description: {en: "The coffee and drinks we serve", id: "Kopi dan minuman yang kami sajikan"}
    seeds: {en: [the latte was too bitter, great espresso], id: [kopinya enak, kopinya kemanisan]}
  - id: seating
    stage: visit
    name: {en: Seating, id: Tempat duduk}
    description: {en: "Tables, chairs and space to sit", id: "Meja, kursi dan tempat duduk"}
    seeds: {en: [no free tables, comfy chairs], id: [kursinya nyaman, gak dapet meja]}
""",
        encoding="utf-8",
    )
    cafe = TouchpointLinker(load_taxonomy(path), models.embedder(), models.sentiment(), 0.5)
    coffee, seating = cafe.link(["Kopinya pahit banget", "There were no free tables at all"])
    assert coffee[0].touchpoint == "coffee" and coffee[0].journey_stage == "visit"
    assert seating[0].touchpoint == "seating"
