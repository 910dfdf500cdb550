"""Metrics and labelled-file reading, against hand-computed numbers."""

from __future__ import annotations

import pytest
from suara.nlp.sentiment.data import load_shared, read_labelled, shared_name
from suara.nlp.sentiment.evaluate import evaluate_predictions
from suara.nlp.sentiment.labels import parse_label_map


def test_metrics_match_hand_computation():
    gold = ["positive", "positive", "positive", "negative", "negative", "neutral"]
    pred = ["positive", "positive", "negative", "negative", "positive", "neutral"]
    langs = ["id", "id", "en", "en", "en", "id"]
    r = evaluate_predictions(gold, pred, langs)
    assert r.accuracy == pytest.approx(4 / 6)
    assert r.per_class["positive"].precision == pytest.approx(2 / 3)
    assert r.per_class["negative"].f1 == pytest.approx(1 / 2)
    assert r.per_class["neutral"].f1 == pytest.approx(1.0)
    assert r.macro_f1 == pytest.approx((2 / 3 + 1 / 2 + 1) / 3)
    # rows gold, columns predicted, order negative, neutral, positive
    assert r.confusion == [[1, 0, 1], [0, 1, 0], [1, 0, 2]]
    assert r.per_language["id"] == {"n": 3, "accuracy": 1.0, "macro_f1": 1.0}
    # en: gold pos,neg,neg pred neg,neg,pos -> neg P=1/2 R=1/2, pos P=0 R=0
    assert r.per_language["en"]["macro_f1"] == pytest.approx((0.5 + 0.0) / 2)


def test_macro_f1_ignores_classes_absent_from_gold_and_predictions():
    r = evaluate_predictions(["positive", "negative"], ["positive", "negative"])
    assert r.macro_f1 == 1.0


def test_label_map_flag():
    m = parse_label_map("pos=positive,neg=negative,0=negative,1=neutral,2=positive")
    assert m == {"pos": "positive", "neg": "negative", "0": "negative", "1": "neutral", "2": "positive"}
    with pytest.raises(ValueError, match="not one of"):
        parse_label_map("x=great")


def test_read_headerless_tsv_and_integer_columns(tmp_path):
    f = tmp_path / "smsa_like.tsv"
    f.write_text("enak sekali\tpositive\ntidak enak\tnegative\n", encoding="utf-8")
    by_default = read_labelled(f)
    by_index = read_labelled(f, "0", "1")
    assert by_default.texts == by_index.texts == ["enak sekali", "tidak enak"]
    assert by_default.labels == ["positive", "negative"]


def test_read_csv_with_mapping_and_language(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text('review,stars,lang\n"bagus, mantap",2,id\nawful,0,en\nok,1,EN\n', encoding="utf-8")
    s = read_labelled(f, "review", "stars", parse_label_map("0=negative,1=neutral,2=positive"), "lang")
    assert s.labels == ["positive", "negative", "neutral"]
    assert s.langs == ["id", "en", "en"]
    assert s.texts[0] == "bagus, mantap"


def test_bad_label_names_file_row_and_field(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("text,label\nfine,positive\nhmm,meh\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv: row 3: field 'label': label 'meh'"):
        read_labelled(f)
    with pytest.raises(ValueError, match="column 'body' not found"):
        read_labelled(f, text_col="body")


def test_tweeteval_holdout_is_fixed_and_disjoint(shared_data):
    hold, train = load_shared("tweeteval-holdout"), load_shared("tweeteval-train")
    assert len(hold) == round(0.2 * (len(hold) + len(train)))
    assert len(hold) + len(train) == 12284
    assert load_shared("tweeteval-holdout").texts == hold.texts
    assert shared_name("tweeteval:holdout") == "tweeteval-holdout"
    assert shared_name("shared:smsa-valid") == "smsa-valid"
    assert shared_name("data/x.csv") is None
