from pathlib import Path

import pytest
from suara.flows.config import DEFAULT_JOURNEY
from suara.nlp.taxonomy import TaxonomyError, load_taxonomy

REQUIRED = [
    "ads_social", "website", "search_product_pages", "mobile_app", "pricing_promos", "checkout_payment",
    "delivery_shipping", "packaging", "product_quality", "customer_service", "returns_refunds", "billing",
    "loyalty_program", "store", "network_connectivity",
]

MINIMAL = """
stages:
  - {id: purchase, name: {en: Purchase, id: Pembelian}}
touchpoints:
  - id: checkout_payment
    stage: purchase
    name: {en: Checkout, id: Pembayaran}
    description: {en: "Paying for an order", id: "Membayar pesanan"}
    seeds: {en: [payment failed], id: [gagal bayar]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "journey.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_taxonomy_is_complete_and_bilingual():
    tax = load_taxonomy(DEFAULT_JOURNEY)
    assert [s.id for s in tax.stages] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert set(REQUIRED) <= set(tax.ids)
    for tp in tax.touchpoints:
        assert {"en", "id"} <= set(tp.name) and {"en", "id"} <= set(tp.description), tp.id
        assert len(tp.seeds["en"]) >= 3 and len(tp.seeds["id"]) >= 3, tp.id
    assert tax.touchpoint("customer_service").kinds == ("ticket",)


def test_minimal_file_loads_and_hash_follows_content(tmp_path):
    first = load_taxonomy(write(tmp_path, MINIMAL))
    assert first.ids == ["checkout_payment"] and first.stage_of("checkout_payment") == "purchase"
    assert first.stage_of("unlinked") is None
    second = load_taxonomy(write(tmp_path, MINIMAL.replace("payment failed", "card declined")))
    assert first.hash != second.hash


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("stage: purchase", "stage: delivery", "touchpoints[0].stage", "unknown stage 'delivery'"),
        ('    description: {en: "Paying for an order", id: "Membayar pesanan"}\n', "",
         "touchpoints[0].description", "missing"),
        ("seeds: {en: [payment failed], id: [gagal bayar]}", "seeds: {en: 5}", "touchpoints[0].seeds.en",
         "list of strings"),
        ("seeds:", "keywords: checkout\n    seeds:", "touchpoints[0].keywords", "list of strings"),
        ("id: checkout_payment", "id: Checkout Payment", "touchpoints[0].id", "snake_case"),
        ("id: checkout_payment", "id: unlinked", "touchpoints[0].id", "reserved"),
        ("seeds:", "colour: red\n    seeds:", "touchpoints[0].colour", "unknown key"),
        ("name: {en: Checkout, id: Pembayaran}", "name: [Checkout]", "touchpoints[0].name", "mapping"),
    ],
)
def test_errors_name_file_and_key(tmp_path, old, new, key, problem):
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new))
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    message = str(err.value)
    assert str(path) in message and key in message and problem in message, message


def test_duplicate_touchpoint_id_is_named(tmp_path):
    block = MINIMAL.split("touchpoints:\n")[1]
    path = write(tmp_path, MINIMAL + block)
    with pytest.raises(TaxonomyError, match=r"touchpoints\[1\]\.id: duplicate id 'checkout_payment'"):
        load_taxonomy(path)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.yaml")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(write(tmp_path, "stages: [unclosed"))
    with pytest.raises(TaxonomyError, match="stages: missing"):
        load_taxonomy(write(tmp_path, "touchpoints: []\n"))


def test_hint_resolves_id_name_and_alias():
    tax = load_taxonomy(DEFAULT_JOURNEY)
    assert tax.resolve_hint("delivery_shipping") == "delivery_shipping"
    assert tax.resolve_hint("Pengiriman") == "delivery_shipping"
    assert tax.resolve_hint("Call Centre") == "customer_service"
    assert tax.resolve_hint("something else") is None and tax.resolve_hint("") is None
