"""`suara eval --task touchpoints`: readers, metrics (hand-computed) and an end-to-end run."""

import inspect
import json
from pathlib import Path

import pytest
from suara.flows.config import SuaraConfig
from suara.nlp.taxonomy import load_taxonomy
from suara.nlp.touchpoints import Mention
from suara.nlp.touchpoints_eval import EvalFileError, Example, evaluate_touchpoints, read_labelled, score

from tests.nlp import touchpoints_models as models

CASES = Path(__file__).parent / "cases"

CAFE = (CASES / "taxonomy_cafe_keywords.yaml").read_text(encoding="utf-8")


@pytest.fixture
def cafe(tmp_path):
    path = tmp_path / "cafe.yaml"
    path.write_text(CAFE, encoding="utf-8")
    return path


def mention(touchpoint, label=None, primary=False):
    return Mention(touchpoint, "visit", 0.9, label, None, "x", "embedding", primary)


def test_score_matches_hand_computed_f1(cafe):
    tax = load_taxonomy(cafe)
    examples = [
        Example("a", {"coffee": "positive"}),
        Example("b", {"coffee": "negative", "seating": "negative"}),
        Example("c", {"seating": None}),
        Example("d", {}),
    ]
    predicted = [
        [mention("coffee", "positive", True)],                                  # coffee TP, sentiment right
        [mention("coffee", "positive", True)],                                  # coffee TP (wrong sent.), seating FN
        [mention("coffee", None, True)],                                        # coffee FP, seating FN
        [Mention("unlinked", None, 0.1, None, None, None, "none", True)],
    ]
    result = score(examples, predicted, tax)
    # coffee: tp 2, fp 1, fn 0 -> P 2/3, R 1, F1 0.8; seating: tp 0, fp 0, fn 2 -> F1 0
    assert result["per_touchpoint"]["coffee"]["f1"] == pytest.approx(0.8)
    assert result["per_touchpoint"]["seating"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2}
    # micro: tp 2, fp 1, fn 2 -> P 2/3, R 1/2, F1 4/7
    assert result["micro"]["f1"] == pytest.approx(4 / 7)
    assert result["macro"]["f1"] == pytest.approx(0.4)
    assert result["unlinked_rate"] == 0.25 and result["exact_match"] == 0.5
    assert result["primary_accuracy"] == pytest.approx(2 / 3)
    assert result["sentiment_accuracy"] == 0.5 and result["sentiment_mentions"] == 2


def test_reads_mams_xml_wide_csv_and_long_labels(tmp_path):
    xml = tmp_path / "mams.xml"
    xml.write_text(
        '<sentences><sentence><text>Food good, staff rude.</text><aspectCategories>'
        '<aspectCategory category="food" polarity="positive"/><aspectCategory category="staff" polarity="negative"/>'
        "</aspectCategories></sentence></sentences>", encoding="utf-8")
    assert read_labelled(xml) == [Example("Food good, staff rude.", {"food": "positive", "staff": "negative"})]
    wide = tmp_path / "hoasa.csv"
    wide.write_text("review,ac,wifi\nac dingin wifi lemot,pos,neg\nbiasa,neut,neut\nac mixed,neg_pos,neut\n")
    assert read_labelled(wide) == [
        Example("ac dingin wifi lemot", {"ac": "positive", "wifi": "negative"}),
        Example("biasa", {}),
        Example("ac mixed", {"ac": "mixed"}),
    ]
    long = tmp_path / "long.csv"
    long.write_text('text,label\n"kopi enak, kursi keras",coffee:positive|seating:negative\nhalo,\nx,seating;coffee\n')
    assert [e.labels for e in read_labelled(long)] == [
        {"coffee": "positive", "seating": "negative"}, {}, {"seating": None, "coffee": None}]


def test_shared_aspect_sets_are_detected(shared_data):
    casa = read_labelled(shared_data / "indonlu-casa" / "train_preprocess.csv")
    assert len(casa) == 810 and casa[1].labels == {"fuel": "negative"}
    mams = read_labelled(shared_data / "mams" / "MAMS-ACSA" / "val.xml")
    assert len(mams) == 400 and all(len(e.labels) >= 2 for e in mams)


def test_unknown_gold_label_is_named(tmp_path, cafe):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nkopi enak,coffee\nmeja kotor,tables\n")
    with pytest.raises(EvalFileError, match=r"row 2: label 'tables' is not a touchpoint id"):
        evaluate_touchpoints(SuaraConfig(), bad, taxonomy=cafe, embedder=models.embedder(), quiet=True)
    wide = tmp_path / "wide.csv"
    wide.write_text("text,coffee\nkopi,maybe\n")
    with pytest.raises(EvalFileError, match=r"column 'coffee': value 'maybe'"):
        read_labelled(wide)


LABELLED = """text,label
Kopinya pahit banget,coffee:negative
The latte was lovely,coffee:positive
There were no free tables at all,seating:negative
kursinya nyaman,seating:positive
terima kasih,
"""


def test_evaluate_end_to_end_with_a_replaced_taxonomy(tmp_path, cafe, capsys):
    file = tmp_path / "cafe.csv"
    file.write_text(LABELLED, encoding="utf-8")
    result = evaluate_touchpoints(SuaraConfig(), file, taxonomy=cafe, as_json=True,
                                  embedder=models.embedder(), sentiment=models.sentiment())
    assert result["items"] == 5 and result["micro"]["f1"] == 1.0 and result["unlinked_rate"] == 0.2
    # each linked item is one clause, so each mention's sentiment is the model's label for the whole text
    rows = [line.split(",") for line in LABELLED.splitlines()[1:5]]
    predicted = models.sentiment().predict([text for text, _ in rows]).labels
    expected = sum(p == gold.split(":")[1] for p, (_, gold) in zip(predicted, rows, strict=True)) / 4
    assert result["sentiment_mentions"] == 4 and result["sentiment_accuracy"] == pytest.approx(expected)
    assert json.loads(capsys.readouterr().out)["micro"]["f1"] == 1.0


def test_cli_eval_touchpoints_takes_a_taxonomy(tmp_path, cafe):
    from suara.flows.evaluate import run_eval

    params = inspect.signature(run_eval).parameters
    if "taxonomy" not in params and not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        pytest.skip("suara.flows.evaluate.run_eval does not accept taxonomy yet")
    from suara.flows.cli import app
    from typer.testing import CliRunner

    file = tmp_path / "cafe.csv"
    file.write_text(LABELLED, encoding="utf-8")
    out = CliRunner().invoke(app, ["eval", str(file), "--task", "touchpoints", "--taxonomy", str(cafe), "--json",
                                   "--config", str(minimal_config(tmp_path))])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output[out.output.index("{"):])["items"] == 5


def minimal_config(tmp_path):
    path = tmp_path / "suara.yaml"
    path.write_text(f"warehouse:\n  path: {tmp_path / 'w.duckdb'}\n", encoding="utf-8")
    return path


def test_ignore_label_leaves_a_catch_all_out_and_counts_it(tmp_path, cafe):
    # Issue 12: a gold file's catch-all (CASA `others`) is counted and ignored instead of stopping the eval.
    file = tmp_path / "gold.csv"
    file.write_text(LABELLED + "pokoknya mantap,others:positive\nkopi enak tapi mahal,coffee:positive|others\n",
                    encoding="utf-8")
    with pytest.raises(EvalFileError, match="--ignore-label others"):
        evaluate_touchpoints(SuaraConfig(), file, taxonomy=cafe, embedder=models.embedder(), quiet=True)
    result = evaluate_touchpoints(SuaraConfig(), file, taxonomy=cafe, embedder=models.embedder(),
                                  sentiment=models.sentiment(), quiet=True, ignore_labels=["Others"])
    assert result["ignored_labels"] == {"others": 2} and result["items"] == 7
    assert result["per_touchpoint"]["coffee"]["support"] == 3


def test_cli_ignore_label_is_repeatable(tmp_path, cafe):
    from suara.flows.cli import app
    from typer.testing import CliRunner

    file = tmp_path / "gold.csv"
    file.write_text(LABELLED + "pokoknya mantap,others:positive|general\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["eval", str(file), "--task", "touchpoints", "--taxonomy", str(cafe), "--json",
                                   "--ignore-label", "others", "--ignore-label", "general",
                                   "--config", str(minimal_config(tmp_path))])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output[out.output.index("{"):])["ignored_labels"] == {"general": 1, "others": 1}


def test_polar_sentiment_accuracy_counts_only_positive_and_negative_gold(cafe):
    tax = load_taxonomy(cafe)
    examples = [Example("a", {"coffee": "positive"}), Example("b", {"coffee": "neutral"})]
    predicted = [[mention("coffee", "positive", True)], [mention("coffee", "negative", True)]]
    result = score(examples, predicted, tax)
    assert result["sentiment_accuracy"] == 0.5 and result["polar_sentiment_accuracy"] == 1.0
    assert result["polar_sentiment_mentions"] == 1


def test_an_ignored_label_the_taxonomy_has_is_left_out_on_both_sides(cafe):
    # The keyword-rich test taxonomies keep their data set's catch-all as a touchpoint (CASA `others`); once the
    # gold label is ignored, linking it is neither a hit nor an error, and the next link stands in as primary.
    tax = load_taxonomy(cafe)
    examples = [Example("a", {"coffee": "positive"}), Example("b", {})]
    predicted = [[mention("seating", "positive", True), mention("coffee", "positive")],
                 [mention("seating", None, True)]]
    counted = score(examples, predicted, tax)
    assert counted["micro"]["precision"] == pytest.approx(1 / 3) and counted["primary_accuracy"] == 0.0
    ignored = score(examples, predicted, tax, ignore={"seating": 2})
    assert ignored["micro"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert "seating" not in ignored["per_touchpoint"] and ignored["primary_accuracy"] == 1.0
    assert ignored["unlinked_rate"] == 0.5 and ignored["exact_match"] == 1.0
