"""Checks every shipped sentiment artefact (the adapter and the head) must pass, written once."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from suara.nlp.sentiment import LABELS, SentimentModel

CLEAR = [
    ("aplikasi sering error, kecewa berat", "negative"),
    ("pengiriman cepat, barang sesuai pesanan, mantap", "positive"),
    ("worst customer service ever, still waiting for my refund", "negative"),
    ("Jam buka toko mulai pukul 09.00 sampai 21.00 WIB.", "neutral"),
]
"""Clear cases in both languages that every shipped model labels right."""


def check_small_and_documented(artefact: Path) -> dict:
    """Assert the artefact's folder holds only small files and its card the common keys; return the card."""
    card = json.loads(artefact.with_suffix(".json").read_text("utf-8"))
    for path in artefact.parent.iterdir():
        assert path.stat().st_size < 20 * 1024 * 1024, path
    assert card["labels"] == list(LABELS)
    assert card["encoder"]["family"] == "multilingual-e5-small"
    assert {"recipe", "seed", "data", "metrics"} <= set(card)
    return card


def check_result(model: SentimentModel, texts: list[str]):
    """Assert ``model.predict(texts)`` is well formed (shape, probabilities, scores, labels); return it."""
    r = model.predict(texts)
    assert isinstance(model, SentimentModel)
    assert r.proba.shape == (len(texts), 3) and len(r) == len(texts)
    np.testing.assert_allclose(r.proba.sum(axis=1), 1.0, atol=1e-5)
    assert ((r.scores >= -1) & (r.scores <= 1)).all()
    np.testing.assert_allclose(r.scores, r.proba[:, 2] - r.proba[:, 0], atol=1e-6)
    assert r.labels == [LABELS[i] for i in r.proba.argmax(axis=1)]
    assert model.predict([]).proba.shape == (0, 3)
    return r
