"""link_touchpoints over a real DuckDB warehouse with the real encoder (issue 4, items 2 and 7)."""

import shutil

import pytest
from suara.flows.config import DEFAULT_JOURNEY, SuaraConfig, TouchpointConfig
from suara.nlp.embeddings import text_hash
from suara.warehouse.link import link_touchpoints

from tests.nlp import touchpoints_models as models

ITEMS = {
    "a": ("kurirnya ramah sekali tapi aplikasinya error terus pas bayar", "review", None, None),
    "b": ("Refund saya belum masuk sudah dua minggu", "review", None, None),
    "c": ("ok", "survey", None, None),
    "d": ("paket saya belum sampai juga", "ticket", "chat", None),
    "e": ("mantap", "survey", None, "delivery"),
}


def insert(con, feedback_id, text, kind, channel, hint, content_hash="v1", cache=False):
    con.execute(
        "insert or replace into core.feedback (feedback_id, source, source_id, kind, created_at, text, channel,"
        " touchpoint_hint, content_hash, first_load_id, last_load_id, ingested_at, updated_at)"
        " values (?, 'src', ?, ?, now(), ?, ?, ?, ?, 'l1', 'l1', now(), now())",
        [feedback_id, feedback_id, kind, text, channel, hint, content_hash],
    )
    emb = models.embedder()
    con.execute(
        "insert or replace into core.enrichment values (?, ?, 'id', false, 0.9, ?, ?, ?, 'neutral', 0.0,"
        " 0.2, 0.6, 0.2, 'test', now())",
        [feedback_id, content_hash, text, text_hash(text), emb.model_id],
    )
    if cache:
        con.execute("insert or ignore into core.embeddings values (?, ?, ?, now())",
                    [text_hash(text), emb.model_id, emb.embed([text])[0].tolist()])


@pytest.fixture
def cfg():
    return SuaraConfig(touchpoints=TouchpointConfig(batch_rows=2))


@pytest.fixture
def seeded(fresh_db):
    for feedback_id, (text, kind, channel, hint) in ITEMS.items():
        insert(fresh_db, feedback_id, text, kind, channel, hint, cache=feedback_id == "b")
    return fresh_db


def run(con, cfg):
    return link_touchpoints(con, cfg, embedder=models.embedder(), sentiment=models.sentiment())


def rows(con):
    return con.execute(
        "select feedback_id, touchpoint, is_primary, sentiment_label, method, content_hash"
        " from core.feedback_touchpoints order by all"
    ).fetchall()


def test_links_every_item_with_one_primary_row(seeded, cfg):
    counts = run(seeded, cfg)
    assert counts["processed"] == 5 and counts["unlinked"] == 1 and counts["linked"] == 4
    assert counts["unlinked_share"] == pytest.approx(0.2)
    primaries = dict(seeded.execute(
        "select feedback_id, touchpoint from core.feedback_touchpoints where is_primary").fetchall())
    assert primaries == {"a": primaries["a"], "b": "returns_refunds", "c": "unlinked",
                         "d": "delivery_shipping", "e": "delivery_shipping"}
    per_item = {(f, t): (s, m) for f, t, _, s, m, _ in rows(seeded)}
    assert per_item[("a", "delivery_shipping")][0] == "positive"
    assert per_item[("d", "customer_service")][1] == "channel"
    assert per_item[("e", "delivery_shipping")][1] == "hint"
    assert counts["per_touchpoint"]["delivery_shipping"] == 3
    # Only the mixed item "a" is linked clause by clause; the others reuse their whole-text embedding.
    assert counts["clauses_scored"] == 2


def test_second_run_is_a_no_op_and_only_changed_items_are_relinked(seeded, cfg):
    run(seeded, cfg)
    before = rows(seeded)
    assert run(seeded, cfg)["processed"] == 0
    assert rows(seeded) == before
    insert(seeded, "c", "Sinyalnya hilang terus di rumah", "survey", None, None, content_hash="v2")
    counts = run(seeded, cfg)
    assert counts["processed"] == 1
    after = rows(seeded)
    assert [r for r in after if r[0] != "c"] == [r for r in before if r[0] != "c"]
    assert ("c", "network_connectivity", True) in [r[:3] for r in after]
    assert all(r[5] == "v2" for r in after if r[0] == "c")


def test_items_wait_for_enrichment_of_their_current_content(seeded, cfg):
    seeded.execute("update core.feedback set content_hash = 'v9' where feedback_id = 'b'")
    counts = run(seeded, cfg)
    assert counts["processed"] == 4 and counts["waiting_for_enrichment"] == 1


def test_taxonomy_change_relinks_everything_and_deleted_items_are_pruned(seeded, cfg, tmp_path):
    run(seeded, cfg)
    journey = tmp_path / "journey.yaml"
    shutil.copy(DEFAULT_JOURNEY, journey)
    journey.write_text(journey.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = cfg.model_copy(update={"journey": journey})
    seeded.execute("delete from core.feedback where feedback_id = 'e'")
    counts = run(seeded, edited)
    assert counts["processed"] == 4
    assert {r[0] for r in rows(seeded)} == {"a", "b", "c", "d"}
    hashes = seeded.execute("select distinct taxonomy_hash from core.feedback_touchpoints").fetchall()
    assert hashes == [(counts["taxonomy_hash"],)]
