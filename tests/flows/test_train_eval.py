"""`suara eval` and `suara train` flows (sentiment part) on small files written by the tests."""

from __future__ import annotations

import json

import numpy as np
import pytest
import typer
from suara.flows.cli import app
from suara.flows.config import SuaraConfig
from suara.flows.evaluate import run_eval
from suara.flows.train import run_train
from typer.testing import CliRunner

# Unmistakable texts; the gold column deliberately disagrees on rows 3 and 6, so the expected
# figures follow from the confusion gold x predicted = [[1,0,1],[0,1,0],[1,0,2]] (negative, neutral, positive)
# when the model gets the obvious reading of every text right.
ROWS = [
    ("barangnya bagus banget, puas sekali", "good", "id"),
    ("love this app, works perfectly", "good", "en"),
    ("pelayanan buruk, sangat mengecewakan", "good", "id"),   # gold says good, text is negative
    ("terrible, the order never arrived and nobody answers", "bad", "en"),
    ("Toko buka setiap hari pukul 08.00 sampai 20.00.", "meh", "id"),
    ("great quality and fast delivery, thank you", "bad", "en"),  # gold says bad, text is positive
]


@pytest.fixture
def labelled_csv(tmp_path):
    path = tmp_path / "mine.csv"
    lines = ["komentar,sentimen,bahasa"] + [f'"{t}",{g},{lang}' for t, g, lang in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_run_eval_figures_match_hand_computation(labelled_csv, capsys):
    report = run_eval(SuaraConfig(), labelled_csv, text_col="komentar", label_col="sentimen",
                      label_map="good=positive,bad=negative,meh=neutral", lang_col="bahasa", as_json=True)
    assert report.confusion == [[1, 0, 1], [0, 1, 0], [1, 0, 2]]
    assert report.accuracy == pytest.approx(4 / 6)
    assert report.macro_f1 == pytest.approx((1 / 2 + 1 + 2 / 3) / 3)
    assert report.per_language["id"]["n"] == 3
    printed = json.loads(capsys.readouterr().out)
    assert printed["macro_f1"] == pytest.approx(report.macro_f1)
    assert printed["per_class"]["positive"]["support"] == 3


def test_cli_eval_tables_and_errors(labelled_csv):
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", str(labelled_csv), "--text-col", "komentar", "--label-col", "sentimen",
                             "--label-map", "good=positive,bad=negative,meh=neutral", "--lang-col", "bahasa"])
    assert ok.exit_code == 0, ok.output
    assert "macro-F1" in ok.output and "Confusion matrix" in ok.output
    bad = runner.invoke(app, ["eval", str(labelled_csv), "--text-col", "komentar", "--label-col", "sentimen"])
    assert bad.exit_code == 2
    assert "row 2" in bad.output and "'good'" in bad.output


@pytest.mark.parametrize("method", ["adapter", "head"])
def test_run_train_writes_a_working_model(tmp_path, monkeypatch, method):
    from suara.flows.config import SentimentConfig
    from suara.nlp.sentiment import load_sentiment
    from suara.nlp.sentiment.adapter import AdapterParams, AdapterSentiment
    from suara.nlp.sentiment.head import HeadParams, HeadSentiment

    monkeypatch.setenv("SUARA_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "train.csv"
    texts = [(f"{w} sekali produk ini", lab) for w, lab in
             [("bagus", "positive"), ("jelek", "negative"), ("biasa", "neutral")] * 4]
    data.write_text("text,label\n" + "\n".join(f"{t},{lab}" for t, lab in texts) + "\n", "utf-8")
    out = tmp_path / f"{method}.npz"
    report = run_train(SuaraConfig(), data=[data], out=out, seed=3, method=method)
    assert out.exists() and out.with_suffix(".json").exists()
    params = (AdapterParams if method == "adapter" else HeadParams).load(out)
    assert params.card["seed"] == 3 and params.card["data"] == {"train.csv": 12}
    assert report.n_train + report.n_calibration == 12 and np.isfinite(report.temperature)
    # the config picks the trained file up by its kind
    model = load_sentiment(SentimentConfig(model=str(out)))
    assert isinstance(model, AdapterSentiment if method == "adapter" else HeadSentiment)
    assert len(model.predict(["bagus sekali produk ini"])) == 1


def test_run_train_rejects_unknown_method(tmp_path):
    with pytest.raises(typer.Exit):
        run_train(SuaraConfig(), data=[tmp_path / "x.csv"], out=tmp_path / "m.npz", method="svm")


def test_train_with_data_adds_the_analysts_corrections(tmp_path, monkeypatch):
    """Issue 13: corrected items (their stored text, the analyst's label) become extra training rows."""
    from datetime import datetime

    from suara.nlp.sentiment.head import HeadParams
    from suara.warehouse.db import connect

    monkeypatch.setenv("SUARA_CACHE", str(tmp_path / "cache"))
    wh = tmp_path / "wh.duckdb"
    con = connect(wh)
    now = datetime(2026, 11, 30)
    for sid, text in [("a1", "kurirnya telat tiga hari"), ("a2", "aplikasi lancar jaya"), ("a3", "biasa saja")]:
        con.execute("insert into core.feedback (feedback_id, source, source_id, kind, created_at, text, content_hash,"
                    " first_load_id, last_load_id, ingested_at, updated_at) values (?, 'app', ?, 'review', ?, ?,"
                    " 'h', 'l', 'l', ?, ?)", [f"f-{sid}", sid, now, text, now, now])
    con.close()
    (tmp_path / "corrections.csv").write_text(
        "source,source_id,sentiment\napp,a1,negative\napp,a2,positive\napp,missing,neutral\n", "utf-8")
    cfg = SuaraConfig(base_dir=tmp_path, corrections="corrections.csv", warehouse={"path": "wh.duckdb"})
    data = tmp_path / "train.csv"
    rows = [(f"{w} sekali produk ini", lab) for w, lab in
            [("bagus", "positive"), ("jelek", "negative"), ("biasa", "neutral")] * 4]
    data.write_text("text,label\n" + "\n".join(f"{t},{lab}" for t, lab in rows) + "\n", "utf-8")
    out = tmp_path / "head.npz"
    report = run_train(cfg, data=[data], out=out, seed=3, method="head")
    card = HeadParams.load(out).card
    assert card["data"] == {"train.csv": 12, "corrections-training.csv": 2}
    assert report.n_train + report.n_calibration == 14
    written = (tmp_path / "corrections-training.csv").read_text("utf-8").splitlines()
    assert written == ["text,label", "aplikasi lancar jaya,positive", "kurirnya telat tiga hari,negative"]


def test_cli_eval_suite_arguments_are_checked():
    runner = CliRunner()
    neither = runner.invoke(app, ["eval"])
    assert neither.exit_code == 2 and "--suite ood" in neither.output
    unknown = runner.invoke(app, ["eval", "--suite", "indomain"])
    assert unknown.exit_code == 2 and "--suite must be one of ood" in unknown.output


def test_cli_train_add_set_takes_only_the_extra_shared_sets():
    runner = CliRunner()
    bad = runner.invoke(app, ["train", "--add-set", "idsa-tweets"])  # no stated licence: never trained on
    assert bad.exit_code == 2 and "--add-set 'idsa-tweets'" in bad.output and "gplay-train" in bad.output
