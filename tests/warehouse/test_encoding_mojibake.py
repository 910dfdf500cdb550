"""Doubly mis-decoded text in Windows-1252 files is repaired, plain Windows-1252 text never touched.

The SXSW brand tweets (``../shared/data/en_sxsw_brand_tweets``) were UTF-8 read as Windows-1252 and saved
as Mac Roman: every apostrophe arrives as ``‰Ûª`` and its themes were labelled "ûªs".
"""

from __future__ import annotations

from suara.warehouse.encoding import REPAIRED, detect, mojibake_share, utf8_view

SXSW = "en_sxsw_brand_tweets/judge-1377884607_tweet_product_company.csv"


def test_the_real_tweet_export_is_repaired(shared_data):
    path = shared_data / SXSW
    encoding = detect(path)
    assert encoding.name == "cp1252" and encoding.how == REPAIRED
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
    assert mojibake_share(text.encode("cp1252")) < 0.5
