"""Brands written as plain words are found by how customers address them (suara.nlp.topics.address)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest
from suara.nlp.topics.address import addressed, addressed_words
from suara.nlp.topics.phrases import handle_words


@pytest.mark.parametrize(("doc", "expected"), [
    ("Terima kasih Blibli! Mantap", {"blibli"}),
    ("thank you so much blibli", {"blibli"}),
    ("Makasih ya Airy, kamarnya bersih", {"airy"}),
    ("halo tokopedia tolong cek pesanan", {"tokopedia"}),
    # roles name a touchpoint, not a brand
    ("makasih kurirnya cepat", set()),
    ("thanks seller, barang bagus", set()),
    ("halo dev tolong perbaiki", set()),
    ("terima kasih kak", set()),
    ("Dear customer, thank you for contacting support", set()),
    # "kasih" alone means "give"; a thanks followed by a stopword addresses no one
    ("tolong kasih bonus ke kurir", set()),
    ("terima kasih atas pelayanannya", set()),
    ("thanks for the fast delivery", set()),
    # punctuation ends the address: thanks for the delivery, not to it
    ("Thanks. Barang sampai dengan selamat", set()),
    ("Makasih, pengiriman cepat", set()),
])
def test_addressee_after_thanks_or_greeting(doc, expected):
    assert addressed(doc) == expected


def test_a_brand_is_banned_once_half_a_percent_of_the_items_address_it():
    plain = [f"pengiriman lambat nomor {i}, blibli payah" for i in range(596)]
    few = plain + ["makasih blibli"] * 2 + ["blibli mantap"] * 2
    many = plain + ["makasih blibli"] * 4
    assert "blibli" not in handle_words(few)  # 2 of 600 < 3 (0.5%)
    banned = handle_words(many + ["bliblinya oke", "thanks bli bli"])
    assert {"blibli", "bliblinya", "bli"} <= banned and "lambat" not in banned
    assert addressed_words(many, 3) == {"blibli"}


def _column(path, column, encoding="utf-8", n=3000):
    with open(path, encoding=encoding, newline="") as f:
        return [r[column] for r, _ in zip(csv.DictReader(f), range(n), strict=False) if r[column]]


def test_real_exports_address_their_brand_and_nothing_else(shared_data):
    """The Play-store reviews name Blibli, the HoASA hotel reviews Airy Rooms; nothing else is addressed enough."""
    gplay = _column(shared_data / "id_gplay_ecommerce/validation.csv", "text") \
        + _column(shared_data / "id_gplay_ecommerce/train.csv", "text")
    hoasa = _column(shared_data / "indonlu-hoasa/train_preprocess.csv", "review")
    casa = _column(shared_data / "indonlu-casa/train_preprocess.csv", "sentence")
    mams = [s.findtext("text") for s in ET.parse(shared_data / "mams/MAMS-ACSA/train.xml").getroot().iter("sentence")]
    sxsw = _column(shared_data / "en_sxsw_brand_tweets/judge-1377884607_tweet_product_company.csv", "tweet_text",
                   "latin-1")
    found = {name: addressed_words(docs, max(3, 0.005 * len(docs)))
             for name, docs in (("gplay", gplay[:3000]), ("hoasa", hoasa), ("casa", casa), ("mams", mams[:3000]),
                                ("sxsw", sxsw))}
    assert found == {"gplay": {"blibli"}, "hoasa": {"airy"}, "casa": set(), "mams": set(), "sxsw": set()}
