"""Enrichment over a real DuckDB warehouse: fakes for the models (orchestration logic), and the real ones."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from suara.flows.config import SuaraConfig
from suara.nlp.embeddings import text_hash
from suara.nlp.sentiment.base import SentimentResult
from suara.warehouse.enrich import count_pending, enrich_feedback


class FakeEmbedder:
    """Deterministic vectors from the text's hash; records every text it embeds."""

    def __init__(self, model_id="fake-embed@1", dim=8, fail_on_call=None):
        self.model_id, self.dim = model_id, dim
        self.calls: list[list[str]] = []
        self.fail_on_call = fail_on_call

    def embed(self, texts, *, prefix="query: "):
        self.calls.append(list(texts))
        if self.fail_on_call == len(self.calls):
            raise RuntimeError("encoder crashed")
        rows = []
        for t in texts:
            seed = int(hashlib.md5(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=self.dim).astype(np.float32)
            if "bagus" in t or "good" in t:
                v[0] = 5.0
            if "tidak" in t or "bad" in t:
                v[0] = -5.0
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows) if rows else np.zeros((0, self.dim), np.float32)

    @property
    def texts(self):
        return [t for call in self.calls for t in call]


class FakeHead:
    """Sentiment from the first embedding coordinate (works on embeddings, like the default head)."""

    uses_embeddings = True

    def __init__(self, model_id="fake-head@1"):
        self.model_id = model_id
        self.text_calls = 0

    def predict_from_embeddings(self, E):
        x = np.asarray(E)[:, 0]
        proba = np.stack([(x < -0.3) * 0.8 + 0.1, np.abs(x) <= 0.3, (x > 0.3) * 0.8 + 0.1], axis=1)
        return SentimentResult.from_proba(proba.astype(float) + 0.01, self.model_id)

    def predict(self, texts):
        raise AssertionError("the enrichment must not run a second text pass when the head uses embeddings")


class FakeTextModel:
    """A text-reading backend (like a Hugging Face classifier): no predict_from_embeddings."""

    uses_embeddings = False
    model_id = "fake-text@1"

    def __init__(self):
        self.seen: list[str] = []

    def predict(self, texts):
        self.seen += list(texts)
        proba = [[0.1, 0.1, 0.8] if "bagus" in t else [0.8, 0.1, 0.1] for t in texts]
        return SentimentResult.from_proba(np.array(proba), self.model_id)


TEXTS = [
    "Pengiriman cepat, barangnya bagus bgt!!!",
    "Aplikasinya gak bisa login, kecewa",
    "The delivery was late and the driver was rude",
    "ok",
    "Pengiriman cepat, barangnya bagus bgt!!!",
]


def add_feedback(con, rows):
    """Insert or update core.feedback rows given as (feedback_id, text)."""
    for fid, text in rows:
        con.execute(
            "insert or replace into core.feedback (feedback_id, source, source_id, kind, created_at, text, "
            "content_hash, first_load_id, last_load_id, ingested_at, updated_at) values (?, 'test', ?, "
            "'review', current_timestamp, ?, ?, 'l1', 'l1', current_timestamp, current_timestamp)",
            [fid, fid, text, hashlib.md5(text.encode()).hexdigest()],
        )


def cfg(**enrich) -> SuaraConfig:
    return SuaraConfig(enrich={"batch_rows": 2, **enrich})


@pytest.fixture
def seeded_db(fresh_db):
    add_feedback(fresh_db, [(f"f{i}", t) for i, t in enumerate(TEXTS)])
    return fresh_db


def enrichment(con):
    cols = "feedback_id, language, language_mixed, text_norm, text_hash, sentiment_label, sentiment_model"
    rows = con.execute(f"select {cols} from core.enrichment order by feedback_id").fetchall()
    return {r[0]: dict(zip(cols.split(", "), r, strict=True)) for r in rows}


def test_first_run_enriches_every_row_and_embeds_each_distinct_text_once(seeded_db):
    emb, head = FakeEmbedder(), FakeHead()
    out = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=head)
    assert out["rows_enriched"] == 5 and out["batches"] == 3
    assert out["texts_embedded"] == 4  # f0 and f4 share a text
    assert sorted(emb.texts) == sorted(set(emb.texts))
    rows = enrichment(seeded_db)
    assert rows["f0"]["text_norm"] == "pengiriman cepat, barangnya bagus banget!"
    assert rows["f0"]["text_hash"] == rows["f4"]["text_hash"] == text_hash(rows["f0"]["text_norm"])
    assert rows["f1"]["text_norm"] == "aplikasinya tidak bisa login, kecewa"
    assert (rows["f0"]["language"], rows["f2"]["language"], rows["f3"]["language"]) == ("id", "en", "und")
    assert rows["f0"]["sentiment_label"] == "positive" and rows["f1"]["sentiment_label"] == "negative"
    assert seeded_db.execute("select count(*) from core.embeddings").fetchall() == [(4,)]
    assert out["sentiment"]["positive"] == 2 and sum(out["sentiment"].values()) == 5
    assert out["embedding_model"] == "fake-embed@1" and out["sentiment_model"] == "fake-head@1"


def test_stored_text_stays_as_written(seeded_db):
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead())
    stored = seeded_db.execute("select text from core.feedback where feedback_id = 'f0'").fetchall()
    assert stored == [(TEXTS[0],)]


def test_second_run_is_a_no_op(seeded_db):
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead())
    emb = FakeEmbedder()
    again = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=FakeHead())
    assert (again["rows_enriched"], again["texts_embedded"], again["batches"]) == (0, 0, 0)
    assert emb.calls == []
    assert count_pending(seeded_db) == 0


def test_changed_text_is_enriched_again_and_only_it(seeded_db):
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead())
    add_feedback(seeded_db, [("f1", "Sekarang sudah bagus, terima kasih")])
    emb = FakeEmbedder()
    out = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=FakeHead())
    assert out["rows_enriched"] == 1 and emb.texts == ["sekarang sudah bagus, terima kasih"]
    assert enrichment(seeded_db)["f1"]["sentiment_label"] == "positive"


def test_identical_text_in_a_new_row_hits_the_cache(seeded_db):
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead())
    # Written differently but normalising to the same string: still a cache hit.
    add_feedback(seeded_db, [("f9", "pengiriman cepat, barangnya bagus bangettt!")])
    emb = FakeEmbedder()
    out = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=FakeHead())
    assert (out["rows_enriched"], out["texts_embedded"], out["cache_hits"]) == (1, 0, 1)
    assert enrichment(seeded_db)["f9"]["sentiment_label"] == "positive"


def test_rescore_updates_sentiment_model_and_reuses_embeddings(seeded_db):
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead())
    emb = FakeEmbedder()
    out = enrich_feedback(seeded_db, cfg(), rescore=True, embedder=emb, sentiment=FakeHead("fake-head@2"))
    assert out["rows_enriched"] == 5 and out["texts_embedded"] == 0 and emb.calls == []
    assert {r["sentiment_model"] for r in enrichment(seeded_db).values()} == {"fake-head@2"}


def test_new_embedding_model_gets_its_own_cache_rows_on_rescore(seeded_db):
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead())
    emb = FakeEmbedder("fake-embed@2")
    out = enrich_feedback(seeded_db, cfg(), rescore=True, embedder=emb, sentiment=FakeHead())
    assert out["texts_embedded"] == 4
    sql = "select model_id, count(*) from core.embeddings group by 1 order by 1"
    models = seeded_db.execute(sql).fetchall()
    assert models == [("fake-embed@1", 4), ("fake-embed@2", 4)]


def test_crash_in_batch_two_keeps_batch_one_and_rerun_completes(seeded_db):
    with pytest.raises(RuntimeError, match="encoder crashed"):
        enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(fail_on_call=2), sentiment=FakeHead())
    assert set(enrichment(seeded_db)) == {"f0", "f1"}
    assert seeded_db.execute("select count(*) from core.embeddings").fetchall() == [(2,)]
    emb = FakeEmbedder()
    out = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=FakeHead())
    assert out["rows_enriched"] == 3 and out["texts_embedded"] == 2  # f4 repeats f0's cached text
    assert set(enrichment(seeded_db)) == {f"f{i}" for i in range(5)}
    dupes = seeded_db.execute("select count(*) - count(distinct feedback_id) from core.enrichment").fetchall()
    assert dupes == [(0,)]


def test_text_reading_backend_gets_the_normalised_texts_once_each(seeded_db):
    model = FakeTextModel()
    enrich_feedback(seeded_db, cfg(batch_rows=10), embedder=FakeEmbedder(), sentiment=model)
    assert len(model.seen) == 4 and "pengiriman cepat, barangnya bagus banget!" in model.seen
    assert enrichment(seeded_db)["f0"]["sentiment_label"] == "positive"


def test_embed_raw_text_when_normalisation_is_off(seeded_db):
    emb = FakeEmbedder()
    enrich_feedback(seeded_db, cfg(embed_normalized=False), embedder=emb, sentiment=FakeHead())
    assert TEXTS[0] in emb.texts


def test_user_slang_file_reaches_the_normalised_text(fresh_db, tmp_path):
    (tmp_path / "slang.csv").write_text("slang,formal\nmantul,mantap betul\n", encoding="utf-8")
    add_feedback(fresh_db, [("a", "Produknya mantul sekali")])
    config = SuaraConfig(base_dir=tmp_path, enrich={"slang_file": "slang.csv"})
    enrich_feedback(fresh_db, config, embedder=FakeEmbedder(), sentiment=FakeHead())
    assert enrichment(fresh_db)["a"]["text_norm"] == "produknya mantap betul sekali"


def test_progress_reports_rows_done(seeded_db):
    seen = []
    enrich_feedback(seeded_db, cfg(), embedder=FakeEmbedder(), sentiment=FakeHead(),
                    progress=lambda step, done, total: seen.append((step, done, total)))
    assert seen[0] == ("enrich", 0, 5) and seen[-1] == ("enrich", 5, 5)


def count_encoded_texts(monkeypatch, embedder) -> list[str]:
    """Spy on the real embedder's entry points; returns the list every encoded text is appended to."""
    seen: list[str] = []
    for name in ("embed", "embed_with_branch"):
        original = getattr(embedder, name)

        def spy(texts, *args, _original=original, **kw):
            seen.extend(texts)
            return _original(texts, *args, **kw)

        monkeypatch.setattr(embedder, name, spy)
    return seen


@pytest.fixture(scope="module")
def real_models():
    from suara.warehouse.models import load_models

    return load_models(SuaraConfig())  # shared with the flow test: loaded once per process


REAL = {
    "pos": "Barangnya bagus bgt, pengiriman cepat, puas banget!!",
    "neg": "Aplikasinya jelek, gak bisa login terus, kecewa berat",
    "en_pos": "Great app, the delivery was fast and the support team was very helpful",
    "en_neg": "Terrible service, my order never arrived and nobody answered",
}


def test_real_models_one_encoder_pass_per_text_and_sensible_sentiment(fresh_db, real_models, monkeypatch):
    embedder, sentiment = real_models
    encoded = count_encoded_texts(monkeypatch, embedder)
    add_feedback(fresh_db, list(REAL.items()) + [("pos_again", REAL["pos"])])
    out = enrich_feedback(fresh_db, SuaraConfig(), embedder=embedder, sentiment=sentiment)
    # One encoder pass per distinct text: the adapter branches off the embedding pass.
    assert out["rows_enriched"] == 5 and len(encoded) == 4
    rows = enrichment(fresh_db)
    assert {k: rows[k]["sentiment_label"] for k in REAL} == {
        "pos": "positive", "neg": "negative", "en_pos": "positive", "en_neg": "negative"}
    assert rows["pos"]["language"] == "id" and rows["en_neg"]["language"] == "en"
    stored = fresh_db.execute(
        "select vector from core.embeddings where text_hash = ? and model_id = ?",
        [rows["neg"]["text_hash"], embedder.model_id],
    ).fetchall()[0][0]
    direct = embedder.embed([rows["neg"]["text_norm"]])[0]
    assert float(np.dot(np.asarray(stored, np.float32), direct)) > 0.999
    assert out["sentiment_model"] == sentiment.model_id


def test_real_models_reuse_the_score_of_a_text_seen_before(fresh_db, real_models, monkeypatch):
    embedder, sentiment = real_models
    add_feedback(fresh_db, [("a", REAL["neg"])])
    enrich_feedback(fresh_db, SuaraConfig(), embedder=embedder, sentiment=sentiment)
    encoded = count_encoded_texts(monkeypatch, embedder)
    add_feedback(fresh_db, [("b", REAL["neg"])])
    out = enrich_feedback(fresh_db, SuaraConfig(), embedder=embedder, sentiment=sentiment)
    assert encoded == [] and out["cache_hits"] == 1 and out["sentiment_reused"] == 1
    rows = enrichment(fresh_db)
    assert rows["b"]["sentiment_label"] == rows["a"]["sentiment_label"] == "negative"


class FakeBranchModel:
    """Like the default adapter: scores come out of the embedder's own pass (``embed_and_predict``)."""

    encodes_embeddings = True
    uses_embeddings = False
    model_id = "fake-branch@1"

    def __init__(self, embedder):
        self.embedder = embedder
        self.predicted: list[str] = []

    def embed_and_predict(self, texts):
        vectors = self.embedder.embed(texts)
        return vectors, FakeHead(self.model_id).predict_from_embeddings(vectors)

    def predict(self, texts):
        self.predicted += list(texts)
        return self.embed_and_predict(texts)[1]


def test_branch_model_scores_in_the_embedding_pass_and_reuses_old_scores(seeded_db):
    emb = FakeEmbedder()
    model = FakeBranchModel(emb)
    out = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=model)
    assert out["texts_embedded"] == 4 and len(emb.texts) == 4 and model.predicted == []
    assert enrichment(seeded_db)["f0"]["sentiment_label"] == "positive"
    add_feedback(seeded_db, [("f9", TEXTS[1])])
    again = enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=model)
    assert again["sentiment_reused"] == 1 and len(emb.texts) == 4 and model.predicted == []
    assert enrichment(seeded_db)["f9"]["sentiment_label"] == enrichment(seeded_db)["f1"]["sentiment_label"]


def test_rescore_with_a_new_branch_model_scores_cached_texts_by_text(seeded_db):
    emb = FakeEmbedder()
    enrich_feedback(seeded_db, cfg(), embedder=emb, sentiment=FakeHead())
    model = FakeBranchModel(emb)
    model.model_id = "fake-branch@2"
    out = enrich_feedback(seeded_db, cfg(), rescore=True, embedder=emb, sentiment=model)
    # every vector comes from the cache; each distinct text is scored once (f4 repeats f0 in a later batch)
    assert out["texts_embedded"] == 0 and len(model.predicted) == 4 and out["sentiment_reused"] == 1
    assert {r["sentiment_model"] for r in enrichment(seeded_db).values()} == {"fake-branch@2"}
