"""Touchpoint linking from sparse taxonomies (names, a description, two seeds, no keywords) on real data.

Issue 12: with ``../shared/taxonomies/*_sparse.yaml`` as written, the linker of issue 4 scored micro-F1
0.003 on CASA and ~0.02 on HoASA, and a mention took its sentence's sentiment (MAMS 0.51). The floors sit a
little under what the linker measures on the same samples (``bench/bench_touchpoints.py --limit 300``; MAMS
on all 400 val sentences), so a regression fails: the MAMS sentiment floor is the issue's target 0.75 (0.765
measured; 0.735 without reading mentions at the batch's own share of neutral text), the keyword-rich CASA
floor fails without the keyword runner-up rule (0.745), the MAMS F1 floor fails without the words the batch
itself uses for each touchpoint (0.701 with them, 0.530 without: ``suara.nlp.touchpoint_lexicon``).
"""

from pathlib import Path

import numpy as np
import pytest
from suara.flows.config import SuaraConfig
from suara.nlp.sentiment.base import SentimentResult
from suara.nlp.touchpoints_eval import evaluate_touchpoints

from tests.nlp import touchpoints_models as models


class Shared:
    """The real encoder and adapter behind a per-text cache, so sets on the same texts encode them once."""

    encodes_embeddings, uses_embeddings = True, False
    cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __init__(self):
        self.model_id = models.embedder().model_id

    def embed_and_predict(self, texts):
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            vectors, result = models.sentiment().embed_and_predict(todo)
            self.cache.update(zip(todo, zip(vectors, result.proba, strict=True), strict=True))
        proba = np.asarray([self.cache[t][1] for t in texts]).reshape(len(texts), 3)
        vectors = np.asarray([self.cache[t][0] for t in texts], np.float32).reshape(len(texts), -1)
        return vectors, SentimentResult.from_proba(proba, "cached")

    def embed(self, texts, *, prefix="query: "):
        if prefix != "query: ":
            return models.embedder().embed(texts, prefix=prefix)
        return self.embed_and_predict(texts)[0]

    def predict(self, texts):
        return self.embed_and_predict(texts)[1]


CASES = [
    # data file, taxonomy, catch-all to ignore, items, micro-F1 floor, polar mention-sentiment floor
    ("indonlu-casa/train_preprocess.csv", "car_sparse.yaml", "others", 300, 0.66, 0.78),
    ("indonlu-hoasa/train_preprocess.csv", "hotel_sparse.yaml", "general", 300, 0.68, 0.82),
    ("mams/MAMS-ACSA/val.xml", "restaurant_sparse.yaml", "miscellaneous", 400, 0.69, 0.75),
    ("indonlu-casa/train_preprocess.csv", "cases/taxonomy_casa.yaml", "others", 300, 0.77, 0.78),
]


@pytest.mark.slow
@pytest.mark.parametrize(("data", "taxonomy", "catch_all", "items", "f1_floor", "sentiment_floor"), CASES)
def test_taxonomy_links_real_reviews(shared_data, data, taxonomy, catch_all, items, f1_floor, sentiment_floor):
    if taxonomy.startswith("cases/"):  # a keyword-rich test taxonomy
        path = Path(__file__).parent / taxonomy
    else:
        taxonomies = shared_data.parent / "taxonomies"
        if not taxonomies.is_dir():
            pytest.skip("../shared/taxonomies is not present")
        path = taxonomies / taxonomy
    shared = Shared()
    result = evaluate_touchpoints(SuaraConfig(), shared_data / data, taxonomy=path, limit=items,
                                  ignore_labels=[catch_all], embedder=shared, sentiment=shared, quiet=True)
    assert result["ignored_labels"][catch_all] > 0
    assert result["micro"]["f1"] >= f1_floor, result["micro"]
    assert result["polar_sentiment_accuracy"] >= sentiment_floor
    # every touchpoint of the taxonomy is found at least sometimes: no touchpoint is dead weight
    found = [t for t, row in result["per_touchpoint"].items() if row["support"] and row["recall"] > 0]
    assert len(found) == sum(1 for row in result["per_touchpoint"].values() if row["support"])
