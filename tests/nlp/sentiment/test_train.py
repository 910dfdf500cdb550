"""train_default (head and adapter) on a small subset: runs, reports held-back figures, and is deterministic."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from suara.nlp.sentiment.adapter import AdapterParams, AdapterSentiment
from suara.nlp.sentiment.data import load_shared
from suara.nlp.sentiment.finetune import AdapterRecipe
from suara.nlp.sentiment.fit import HeadRecipe, fit_temperature, row_weights
from suara.nlp.sentiment.head import HeadParams, HeadSentiment
from suara.nlp.sentiment.train import train_default

SMALL = HeadRecipe(hidden=32, members=2, epochs=8, batch_size=32)


@pytest.fixture
def small_train_csv(tmp_path, shared_data, monkeypatch):
    monkeypatch.setenv("SUARA_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "small.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        for name in ("nusax-en-train", "nusax-id-train"):
            s = load_shared(name)
            for text, label in list(zip(s.texts, s.labels, strict=True))[:60]:
                writer.writerow([text, label])
    return path


def _train_twice(csv_path, out_dir, recipe, encoder, dev_sets=("nusax-en-valid",)) -> list:
    """Two trainings with the same seed and data, each to its own artefact; their reports."""
    return [
        train_default([csv_path], out=out_dir / f"run{i}.npz", seed=5, recipe=recipe,
                      encoder=encoder, dev_sets=list(dev_sets))
        for i in range(2)
    ]


def test_train_default_is_deterministic(small_train_csv, tmp_path, e5_embedder):
    runs = _train_twice(small_train_csv, tmp_path, SMALL, e5_embedder, ("nusax-en-valid", "uci-sentences"))
    a, b = (HeadParams.load(r.artefact) for r in runs)
    for name in ("mean_", "scale_", "w1_", "b1_", "w2_", "b2_"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), atol=1e-6)
    assert a.temperature_ == b.temperature_
    assert a.card["metrics"] == b.card["metrics"]
    report = runs[0]
    assert set(report.metrics) == {"heldback", "nusax-en-valid", "uci-sentences"}
    assert report.metrics["nusax-en-valid"].n == 100
    # a scorecard set is scored on the scorecard's own 800-row sample, and the card says what models are
    # chosen on (mean and worst over the scorecard sets) and under which licence each set is used
    assert report.metrics["uci-sentences"].n == 800
    ood = a.card["out_of_domain"]
    assert (ood["sets"], ood["worst_set"], ood["sample_rows"]) == (1, "uci-sentences", 800)
    assert ood["mean_macro_f1"] == ood["worst_macro_f1"] == a.card["metrics"]["uci-sentences"]["gold_class_macro_f1"]
    assert a.card["licences"] == {"small.csv": "user data", "uci-sentences": "CC BY 4.0"}
    # the card names the config switch of per-source adaptation; it must be a real setting
    from suara.nlp.sentiment.config import SentimentConfig

    switch = a.card["adaptation"]["switch"].split()[0].removeprefix("sentiment.")
    assert isinstance(getattr(SentimentConfig(), switch), bool)
    # 120 rows of real data give a head far better than chance (3 classes: ~0.33)
    assert report.metrics["nusax-en-valid"].macro_f1 > 0.5
    model = HeadSentiment.load(report.artefact, embedder=e5_embedder)
    assert model.predict(["this is wonderful, I love it"]).labels == ["positive"]


def test_row_weights_balance_sets_and_classes():
    y = np.array([0, 0, 0, 2, 1, 1])
    groups = np.array([0, 0, 0, 0, 1, 1])
    w = row_weights(y, groups, HeadRecipe(set_balance=1.0, class_balance=0.0))
    assert w[:4].sum() == pytest.approx(w[4:].sum())  # each set weighs the same in total
    assert w.mean() == pytest.approx(1.0)


def test_set_class_balance_lifts_a_sets_rare_class_and_balances_the_pool():
    # set 0 is almost all negative (the HoASA shape); set 1 is balanced
    y = np.array([0] * 50 + [2] * 2 + [0] * 10 + [2] * 10)
    groups = np.array([0] * 52 + [1] * 20)
    w = row_weights(y, groups, HeadRecipe(set_balance=0.5, set_class_balance=1.0))
    # within the skewed set a positive row weighs 25x a negative one (50 vs 2 rows)
    assert w[50] / w[0] == pytest.approx(25.0)
    # in the balanced set both classes weigh the same per row
    assert w[52] == pytest.approx(w[62])
    # over the pool, each class carries the same total weight; mean 1
    assert w[y == 0].sum() == pytest.approx(w[y == 2].sum(), rel=1e-5)
    assert w.mean() == pytest.approx(1.0)
    # 0 keeps the pool-level class balance only (the shipped head's recipe): 60 negative vs 12 positive rows
    plain = row_weights(y, groups, HeadRecipe(set_balance=0.5))
    assert plain[50] / plain[0] == pytest.approx(5.0)


def test_temperature_recovers_overconfidence():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 4000)
    true_logits = rng.normal(size=(4000, 3))
    true_logits[np.arange(4000), y] += 1.0
    # sample labels from softmax(true_logits), then show the fitter logits 3x too sharp
    p = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in p])
    assert fit_temperature(3.0 * true_logits, y) == pytest.approx(3.0, rel=0.1)


SMALL_ADAPTER = AdapterRecipe(epochs=6, batch_size=16, lr=1e-3, head_lr=1e-2)


def test_adapter_training_is_deterministic_and_learns(small_train_csv, tmp_path, e5_embedder):
    runs = _train_twice(small_train_csv, tmp_path, SMALL_ADAPTER, e5_embedder)
    a, b = (AdapterParams.load(r.artefact) for r in runs)
    assert a.lora.keys() == b.lora.keys() and len(a.lora) == 6 * (12 - SMALL_ADAPTER.start)
    for key in a.lora:
        np.testing.assert_allclose(a.lora[key][0], b.lora[key][0], atol=1e-6)
        np.testing.assert_allclose(a.lora[key][1], b.lora[key][1], atol=1e-6)
    np.testing.assert_allclose(a.head_w, b.head_w, atol=1e-6)
    assert a.temperature == b.temperature and a.card["metrics"] == b.card["metrics"]
    assert a.card["kind"] == "suara-sentiment-adapter" and a.card["recipe"]["rank"] == SMALL_ADAPTER.rank
    report = runs[0]
    assert set(report.metrics) == {"heldback", "nusax-en-valid"} and report.metrics["nusax-en-valid"].n == 100
    # 120 rows of real data and a few dozen steps already beat chance (3 classes: ~0.33) by far
    assert report.metrics["nusax-en-valid"].macro_f1 > 0.5
    # the card's figure is what the shipped inference path gives on the same set
    model = AdapterSentiment.load(report.artefact, embedder=e5_embedder)
    dev = load_shared("nusax-en-valid")
    from suara.nlp.sentiment.evaluate import evaluate_predictions

    again = evaluate_predictions(dev.labels, model.predict(dev.texts).labels, dev.langs, source="x")
    assert again.macro_f1 == pytest.approx(report.metrics["nusax-en-valid"].macro_f1, abs=1e-9)
