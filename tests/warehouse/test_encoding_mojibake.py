"""Doubly mis-decoded text is repaired, whether the file is Windows-1252 or UTF-8; plain text is never touched.

The SXSW brand tweets (``../shared/data/en_sxsw_brand_tweets``) were UTF-8 read as Windows-1252 and saved
as Mac Roman: every apostrophe arrives as ``‰Ûª`` and its themes were labelled "ûªs". Read as Latin-1 and
re-saved as UTF-8 (as ``../shared/tools/real_corpora.py`` and many spreadsheet round trips do), the damage is
the same characters in a valid UTF-8 file.
"""

from __future__ import annotations

from suara.warehouse.encoding import detect, mojibake_share, repair_text, utf8_view

SXSW = "en_sxsw_brand_tweets/judge-1377884607_tweet_product_company.csv"


def test_the_real_tweet_export_is_repaired(shared_data):
    path = shared_data / SXSW
    encoding = detect(path)
    assert encoding.describe() == "cp1252 (fallback, mojibake repaired)"
    with utf8_view(path, encoding) as view:
        text = view.read_bytes().decode("utf-8")
    assert "\u2030\u00db" not in text.replace("\u2030\u00db_", "")  # only runs whose 3rd byte the export lost
    assert text.count("\u2019") > 50 and text.count("\u201c") > 100  # apostrophes and opening quotes
    assert text.count("\n") == path.read_bytes().count(b"\n")  # line numbers unchanged


def test_plain_windows_1252_text_stays_as_written(tmp_path):
    # accented pairs that alone would undo into UTF-8 ("åä" -> "ä"): the file as a whole is not damaged
    text = "id,comment\r\n1,Räksmörgås på Ærø – “très bien”\r\n2,Vi åä ok, Ìé café\r\n3,Señor Muñoz: “¡qué café!”…\r\n"
    path = tmp_path / "plain.csv"
    path.write_bytes(text.encode("cp1252"))
    encoding = detect(path)
    assert encoding.describe() == "cp1252 (fallback)"
    with utf8_view(path, encoding) as view:
        assert view.read_bytes().decode("utf-8") == text
    assert mojibake_share(text) <= 0.5


def test_the_same_export_resaved_as_utf8_is_repaired(shared_data, tmp_path):
    resaved = tmp_path / "tweets.csv"
    resaved.write_text((shared_data / SXSW).read_bytes().decode("latin-1"), encoding="utf-8")
    encoding = detect(resaved)
    assert encoding.describe() == "utf-8 (utf-8, mojibake repaired)" and not encoding.is_utf8
    with utf8_view(resaved, encoding) as view:
        text = view.read_bytes().decode("utf-8")
    assert text.count("\u2019") > 50 and "\x89\u00db\u00aa" not in text


def test_plain_utf8_text_is_read_as_it_is(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("id,comment\n1,Kurirnya ramah 😊 – “mantap”, café åä\n", encoding="utf-8")
    encoding = detect(path)
    assert encoding.describe() == "utf-8 (utf-8)" and encoding.is_utf8


def test_repair_undoes_each_character_once():
    damaged = "We\u2030\u00db\u00aall \u2030\u00db\u00cfsee\u2030\u00db\x9d"  # as Windows-1252 decodes it
    assert repair_text(damaged) == ("We\u2019ll \u201csee\u201d", 3)
    assert repair_text("Café åä Ærø") == ("Café åä Ærø", 0)
