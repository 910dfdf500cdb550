"""Per-source prior adaptation and analyst corrections in the warehouse (issue 13), on a real DuckDB."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from suara.nlp.sentiment.config import SentimentConfig
from suara.nlp.sentiment.labels import LABELS
from suara.nlp.sentiment.priors import agreement
from suara.warehouse.adapt import adapt_and_correct, weak_labels
from suara.warehouse.corrections import CorrectionsError, correction_training_rows, read_corrections
from suara.warehouse.intermediate import build_intermediate
from suara.warehouse.marts import mart_sql


def _cfg(tmp_path: Path, corrections: str | None = None, **sentiment) -> SimpleNamespace:
    from suara.flows.config import SuaraConfig

    base = SuaraConfig(base_dir=tmp_path, corrections=corrections, sentiment=SentimentConfig(**sentiment))
    return base


def _proba(y: np.ndarray, seed: int) -> np.ndarray:
    """Posteriors of three overlapping Gaussians from a model biased against neutral."""
    rng = np.random.default_rng(seed)
    x = rng.normal(np.array([-1.0, 0.0, 1.0])[y], 0.8)
    like = np.exp(-0.5 * ((x[:, None] - np.array([-1.0, 0.0, 1.0])) / 0.8) ** 2)
    like *= np.array([0.45, 0.1, 0.45])  # out of domain, the model under-calls neutral
    return like / like.sum(axis=1, keepdims=True)


def _insert(con, source: str, y: np.ndarray, rating: np.ndarray | None, seed: int) -> None:
    proba = _proba(y, seed)
    now = datetime(2026, 11, 30, 12)
    ids = [f"{source}-{i}" for i in range(len(y))]
    con.executemany(
        "insert into core.feedback (feedback_id, source, source_id, kind, created_at, text, rating, content_hash,"
        " first_load_id, last_load_id, ingested_at, updated_at) values (?, ?, ?, 'review', ?, ?, ?, 'h', 'l',"
        " 'l', ?, ?)",
        [[fid, source, str(i), now, f"text {source} {i} {LABELS[label]}",
          None if rating is None else int(rating[i]), now, now]
         for i, (fid, label) in enumerate(zip(ids, y, strict=True))])
    con.executemany(
        "insert into core.enrichment values (?, 'h', 'id', false, 1.0, ?, ?, 'e5', ?, ?, ?, ?, ?, 'm', ?)",
        [[fid, "t", f"hash-{fid}", LABELS[int(p.argmax())], float(p[2] - p[0]), *map(float, p), now]
         for fid, p in zip(ids, proba, strict=True)])


def _feedback_mart(con, cfg) -> dict:
    """What the marts step does for sentiment: adapt and correct, then build marts.feedback from its SQL file."""
    counts = adapt_and_correct(con, cfg)
    build_intermediate(con)
    con.execute("create or replace table marts.feedback as\n" + mart_sql("feedback"))
    return counts


@pytest.fixture
def two_sources(fresh_db):
    """`reviews`: many neutral requests, with star ratings; `tweets`: no scores."""
    rng = np.random.default_rng(1)
    y = rng.choice(3, size=600, p=[0.25, 0.35, 0.4])
    stars = np.choose(y, [rng.choice([1, 2], 600), np.full(600, 3), rng.choice([4, 5], 600)])
    _insert(fresh_db, "reviews", y, stars, seed=2)
    _insert(fresh_db, "tweets", rng.choice(3, size=300, p=[0.6, 0.3, 0.1]), None, seed=3)
    return fresh_db, y


def test_adaptation_is_checked_on_ratings_and_recorded(two_sources, tmp_path):
    con, y = two_sources
    out = adapt_and_correct(con, _cfg(tmp_path))
    reviews, tweets = out["adaptation"]["reviews"], out["adaptation"]["tweets"]
    assert reviews["applied"] and reviews["method"] == "scores-checked" and reviews["n_weak"] > 300
    assert reviews["agreement_on"] > reviews["agreement_off"] and reviews["prior"][1] > 0.5
    assert not tweets["applied"] and tweets["n_weak"] == 0
    rows = con.execute("select feedback_id, sentiment_label, origin from core.feedback_sentiment "
                       "where feedback_id like 'reviews-%'").fetchall()
    order = np.argsort([int(r[0].split("-")[1]) for r in rows])
    adapted = np.array([LABELS.index(rows[i][1]) for i in order])
    model = np.array([LABELS.index(r[0]) for r in con.execute(
        "select sentiment_label from core.enrichment where feedback_id like 'reviews-%' "
        "order by cast(split_part(feedback_id, '-', 2) as int)").fetchall()])
    assert agreement(np.eye(3)[adapted], y) > agreement(np.eye(3)[model], y) + 0.05
    assert {r[2] for r in rows} == {"adapted"}
    recorded = con.execute("select source, applied, method from ops.sentiment_adaptation order by source").fetchall()
    assert recorded == [("reviews", True, "scores-checked"), ("tweets", False, "none")]


def test_switch_off_leaves_the_model_labels(two_sources, tmp_path):
    con, _ = two_sources
    out = adapt_and_correct(con, _cfg(tmp_path, adapt_priors=False))
    assert not any(d["applied"] for d in out["adaptation"].values())
    same = con.execute("select count(*) from core.feedback_sentiment s join core.enrichment e using (feedback_id) "
                       "where s.sentiment_label = e.sentiment_label and s.origin = 'model'").fetchone()[0]
    assert same == 900


def test_corrections_override_the_marts_and_survive_rescoring(two_sources, tmp_path):
    con, _ = two_sources
    (tmp_path / "fix.csv").write_text(
        "source,source_id,sentiment,touchpoint\n"
        "tweets,5,positive,delivery_shipping\n"
        "tweets,7,neutral,\n"
        "tweets,does-not-exist,negative,\n", "utf-8")
    cfg = _cfg(tmp_path, corrections="fix.csv")
    counts = _feedback_mart(con, cfg)
    assert counts["corrections"] == {"loaded": 3, "matched": 2, "file": str(tmp_path / "fix.csv")}
    row = con.execute("select sentiment_label, sentiment_score, sentiment_corrected, sentiment_origin, touchpoint, "
                      "journey_stage from marts.feedback where source = 'tweets' and source_id = '5'").fetchone()
    assert row == ("positive", 1.0, True, "corrected", "delivery_shipping", "purchase")
    assert con.execute("select count(*) from marts.feedback where sentiment_corrected").fetchone()[0] == 2
    # a rescore (new model, new probabilities) does not undo the analyst's label
    con.execute("update core.enrichment set sentiment_label = 'negative', p_negative = 0.9, p_neutral = 0.05, "
                "p_positive = 0.05, sentiment_model = 'm2' where feedback_id in ('tweets-5', 'tweets-7')")
    _feedback_mart(con, cfg)
    labels = con.execute("select source_id, sentiment_label from marts.feedback where sentiment_corrected "
                         "order by source_id").fetchall()
    assert labels == [("5", "positive"), ("7", "neutral")]
    texts = dict(con.execute("select source_id, text from core.feedback where source = 'tweets'").fetchall())
    assert correction_training_rows(con, tmp_path / "fix.csv") == [(texts["5"], "positive"), (texts["7"], "neutral")]


def _mention(con, fid: str, touchpoint: str, stage: str | None, label: str, primary: bool) -> None:
    score = {"negative": -0.8, "neutral": 0.0, "positive": 0.8}[label]
    con.execute("insert into core.feedback_touchpoints values (?, ?, ?, 0.7, ?, ?, 'clause', 'embedding', ?, 'h',"
                " 't', current_timestamp)", [fid, touchpoint, stage, label, score, primary])


def test_touchpoint_corrections_set_the_mention_and_leave_mixed_items_alone(two_sources, tmp_path):
    con, _ = two_sources
    _mention(con, "tweets-5", "unlinked", None, "negative", True)  # the linker missed the mention
    _mention(con, "tweets-8", "delivery_shipping", "purchase", "negative", True)  # one clause wrongly negative
    _mention(con, "tweets-8", "website", "consideration", "negative", False)
    _mention(con, "tweets-7", "delivery_shipping", "purchase", "positive", True)  # mixed item: both sides kept
    _mention(con, "tweets-7", "website", "consideration", "negative", False)
    (tmp_path / "fix.csv").write_text(
        "source,source_id,sentiment,touchpoint\n"
        "tweets,5,positive,delivery_shipping\n"
        "tweets,8,positive,delivery_shipping\n"
        "tweets,7,neutral,\n", "utf-8")
    _feedback_mart(con, _cfg(tmp_path, corrections="fix.csv"))
    con.execute("create or replace table marts.feedback_touchpoints as\n" + mart_sql("feedback_touchpoints"))
    rows = con.execute("select feedback_id, touchpoint, sentiment_label, method, is_primary, corrected "
                       "from marts.feedback_touchpoints order by feedback_id, touchpoint").fetchall()
    assert rows == [
        ("tweets-5", "delivery_shipping", "positive", "correction", True, True),  # added; 'unlinked' gone
        ("tweets-7", "delivery_shipping", "positive", "embedding", True, False),
        ("tweets-7", "website", "negative", "embedding", False, False),
        ("tweets-8", "delivery_shipping", "positive", "embedding", True, True),
        ("tweets-8", "website", "negative", "embedding", False, False),
    ]
    negative = con.execute("select feedback_id, touchpoint from int_touchpoint_mentions where is_negative "
                           "order by all").fetchall()
    assert negative == [("tweets-7", "website"), ("tweets-8", "website")]


@pytest.mark.parametrize(("body", "message"), [
    ("source,source_id\nx,1\n", "missing column(s) sentiment"),
    ("source,source_id,sentiment\nx,1,great\n", "row 2: field 'sentiment': 'great'"),
    ("source,source_id,sentiment\nx,,positive\n", "row 2: field 'source_id' is empty"),
    ("source,source_id,sentiment,touchpoint\nx,1,positive,nowhere\n", "row 2: field 'touchpoint': 'nowhere'"),
])
def test_bad_corrections_name_file_row_and_field(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    path.write_text(body, "utf-8")
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path, {"delivery_shipping": "delivery"})
    assert message in str(err.value) and "bad.csv" in str(err.value)


def test_weak_labels_take_extreme_scores_only():
    nan = np.nan
    rating = np.array([1, 2, 3, 4, 5, nan, nan, nan, 5])
    csat = np.full(9, nan)
    nps = np.array([nan, nan, nan, nan, nan, 0, 7, 10, 0])
    assert weak_labels(rating, csat, nps).tolist() == [0, 0, 1, -1, 2, 0, -1, 2, 2]
