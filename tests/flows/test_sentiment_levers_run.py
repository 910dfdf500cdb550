"""Issue 13 end to end through `suara run`: per-source prior adaptation recorded in ops, corrections in the marts.

Two small real sources: Indonesian app-store reviews with their star ratings (``id_gplay_ecommerce``
validation, stars as ``rating``) and English brand tweets without any score (``en_sxsw_brand_tweets``).
"""

from __future__ import annotations

import csv
import json

import pytest
from suara.flows.cli import app
from suara.nlp.sentiment.ood import gplay_rows, load_ood
from suara.warehouse.db import open_warehouse
from typer.testing import CliRunner


def _write_sources(tmp_path, shared_data, n_reviews: int = 150, n_tweets: int = 60):
    exports = tmp_path / "exports"
    exports.mkdir()
    with (exports / "reviews.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["review_id", "content", "reviewed_at", "stars"])
        for i, (text, stars) in enumerate(gplay_rows(shared_data)[:n_reviews]):
            w.writerow([f"r{i}", text, f"2026-11-{1 + i % 28:02d} 10:00", stars])
    tweets = load_ood("sxsw-brand-tweets", n_tweets, shared_data)
    with (exports / "tweets.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["tweet_id", "tweet", "posted_at"])
        for i, text in enumerate(tweets.texts):
            w.writerow([f"t{i}", text, f"2026-11-{1 + i % 28:02d} 12:00"])
    (tmp_path / "corrections.csv").write_text(
        "source,source_id,sentiment,touchpoint\n"
        "tweets,t3,negative,customer_service\n"
        "app_reviews,r7,neutral,\n", "utf-8")
    config = tmp_path / "suara.yaml"
    config.write_text(
        "warehouse: {path: wh.duckdb}\n"
        "corrections: corrections.csv\n"
        "sources:\n"
        "  - {name: app_reviews, kind: review, path: exports/reviews.csv, format: csv,\n"
        "     columns: {id: review_id, text: content, created_at: reviewed_at, rating: stars}}\n"
        "  - {name: tweets, kind: review, path: exports/tweets.csv, format: csv,\n"
        "     columns: {id: tweet_id, text: tweet, created_at: posted_at}}\n", "utf-8")
    return config


@pytest.mark.slow
def test_suara_run_adapts_per_source_and_applies_corrections(tmp_path, shared_data, prefect_harness):
    config = _write_sources(tmp_path, shared_data)
    result = CliRunner().invoke(app, ["run", "--config", str(config)])
    assert result.exit_code in (0, 3), result.output
    with open_warehouse(tmp_path / "wh.duckdb") as con:
        decided = {r[0]: r[1:] for r in con.execute(
            "select source, applied, method, n_items, n_weak from ops.sentiment_adaptation").fetchall()}
        assert set(decided) == {"app_reviews", "tweets"}
        assert decided["tweets"][:2] == (False, "none") and decided["tweets"][3] == 0  # no scores, not checked
        assert decided["app_reviews"][3] > 40  # extreme star ratings serve as weak labels
        applied = decided["app_reviews"][0]
        origins = dict(con.execute("select source, list(distinct sentiment_origin order by sentiment_origin) "
                                   "from marts.feedback group by source").fetchall())
        assert origins["app_reviews"] == (["adapted", "corrected"] if applied else ["corrected", "model"])
        assert origins["tweets"] == ["corrected", "model"]
        corrected = con.execute("select source_id, sentiment_label, touchpoint, journey_stage from marts.feedback "
                                "where sentiment_corrected order by source_id").fetchall()
        assert [r[:2] for r in corrected] == [("r7", "neutral"), ("t3", "negative")]
        assert corrected[1][2:] == ("customer_service", "retention")  # the analyst's touchpoint and its stage
        counts = json.loads(con.execute("select counts from ops.runs order by started_at desc limit 1").fetchone()[0])
    recorded = _find(counts, "adaptation")
    assert recorded["app_reviews"]["applied"] == applied and recorded["tweets"]["n_weak"] == 0
    assert _find(counts, "corrections")["matched"] == 2


def _find(tree, key: str):
    """The first value under ``key`` anywhere in a nested dict (ops.runs counts are nested per step)."""
    if isinstance(tree, dict):
        if key in tree:
            return tree[key]
        for value in tree.values():
            found = _find(value, key)
            if found is not None:
                return found
    return None
