"""Issue 12, item 2: `suara taxonomy suggest` on real reviews linked with a taxonomy written the way users write it.

HoASA hotel reviews (a sample, ``../shared/data``) are ingested like a user's export, enriched with the real e5
encoder and sentiment adapter and linked with ``../shared/taxonomies/hotel_sparse.yaml`` (names, a description,
two seeds, no keywords). The proposals are then judged against the reviews' human aspect labels: a keyword
proposed for a touchpoint should occur mostly in reviews whose gold labels mention that touchpoint.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLE = 400

pytestmark = pytest.mark.slow


def _reviews() -> list[dict]:
    rows = list(csv.DictReader(open(ROOT / "data/indonlu-hoasa/train_preprocess.csv", encoding="utf-8")))
    return random.Random(12).sample(rows, SAMPLE)


def _linked(tmp_path: Path, rows: list[dict]):
    from suara.flows.config import load_config
    from suara.warehouse.db import connect
    from suara.warehouse.enrich import enrich_feedback
    from suara.warehouse.link import link_touchpoints
    from suara.warehouse.load import ingest_sources

    (tmp_path / "in").mkdir()
    with (tmp_path / "in" / "reviews.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "text", "at"])
        writer.writeheader()
        for i, r in enumerate(rows):
            writer.writerow({"id": f"h{i}", "text": r["review"], "at": f"2026-10-{1 + i % 28:02d} 10:00:00"})
    (tmp_path / "suara.yaml").write_text(yaml.safe_dump({
        "warehouse": {"path": "wh.duckdb"},
        "journey": str(ROOT / "taxonomies/hotel_sparse.yaml"),
        "sources": [{"name": "reviews", "kind": "review", "path": "in/*.csv",
                     "columns": {"id": "id", "text": "text", "created_at": "at"}}],
    }))
    cfg = load_config(tmp_path / "suara.yaml")
    con = connect(cfg.warehouse_path)
    ingest_sources(con, cfg)
    enrich_feedback(con, cfg)
    link_touchpoints(con, cfg)
    return con, cfg


def test_suggest_on_real_hotel_reviews_proposes_words_of_each_touchpoints_own_reviews(tmp_path):
    from suara.warehouse.taxonomy_suggest import suggest, to_yaml

    rows = _reviews()
    con, cfg = _linked(tmp_path, rows)
    try:
        result = suggest(con, cfg, max_clusters=4)
    finally:
        con.close()

    assert result.items == SAMPLE
    aspects = [c for c in rows[0] if c != "review"]
    mentioned = [{a for a in aspects if r[a] in ("pos", "neg", "neg_pos")} for r in rows]
    words = [set(r["review"].lower().split()) for r in rows]
    judged = on_topic = 0
    for terms in result.touchpoints:
        if terms.touchpoint not in aspects:
            continue
        base = sum(terms.touchpoint in m for m in mentioned) / SAMPLE
        for word in terms.keywords:
            holders = [m for m, w in zip(mentioned, words, strict=True) if word in w]
            if len(holders) < 3:
                continue
            judged += 1
            on_topic += sum(terms.touchpoint in m for m in holders) / len(holders) > base
    # Most proposals must be characteristic of their touchpoint's gold reviews (above its base rate): a
    # suggester that proposed the batch's frequent words ("kamar", "hotel") would sit near the base rate.
    assert judged >= 15, f"too few proposals to judge ({judged})"
    assert on_topic / judged >= 0.7, f"{on_topic} of {judged} proposed keywords on topic"
    proposal = yaml.safe_load(to_yaml(result))
    assert set(proposal["extend"]) <= set(aspects) | {"general"}
    assert (ROOT / "taxonomies/hotel_sparse.yaml").read_text(encoding="utf-8").count("keywords:") == 0  # untouched
