"""A small synthetic-but-realistic bilingual feedback corpus with clustered embeddings.

Each theme has Indonesian and English templates; both languages share the theme's
embedding centre (as e5 puts translations close together), so a theme spans both.
Used by the theme tests and by ``bench/bench_themes.py``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

# theme key: (touchpoint, journey stage, sentiment, nps range, id templates, en templates)
THEMES = {
    "payment_failed": ("checkout_payment", "purchase", "negative", (0, 4), [
        "pembayaran gagal terus pakai {pay}, saldo sudah terpotong",
        "gagal bayar di checkout, saldo {pay} terpotong tapi pesanan tidak masuk",
        "transaksi gagal padahal saldo terpotong, tolong refund saldo {pay}",
    ], [
        "payment failed at checkout with {pay} but my balance was charged",
        "payment failed again, charged twice on {pay} and no order",
        "checkout payment failed and the money was deducted from {pay}",
    ]),
    "courier_friendly": ("delivery", "purchase", "positive", (9, 10), [
        "kurirnya ramah banget dan paket sampai cepat",
        "kurir ramah sopan, pengiriman cepat sampai {day}",
        "pengiriman cepat, kurir ramah dan membantu",
    ], [
        "the courier was friendly and the delivery was fast",
        "friendly courier, fast delivery, arrived {day}",
        "very friendly courier and quick delivery to my door",
    ]),
    "app_crash": ("app", "retention", "negative", (2, 6), [
        "aplikasi sering force close setelah update versi {ver}",
        "aplikasinya crash terus waktu dibuka, force close",
        "aplikasi error dan keluar sendiri sejak update {ver}",
    ], [
        "the app keeps crashing after the {ver} update",
        "app crashes on startup every time since update {ver}",
        "app crash and force close when I open it",
    ]),
    "refund_slow": ("returns_refunds", "retention", "negative", (0, 5), [
        "refund lama sekali sudah {n} hari belum masuk",
        "proses pengembalian dana lambat, refund belum diterima",
        "pengembalian dana belum cair setelah {n} hari",
    ], [
        "refund is taking forever, {n} days and still no money",
        "slow refund process, still waiting for my refund",
        "my refund has not arrived after {n} days",
    ]),
    "packaging_damaged": ("packaging", "purchase", "negative", (3, 7), [
        "kemasan rusak dan penyok saat paket sampai",
        "paket datang dengan kardus rusak, barang pecah",
        "bungkus kemasan sobek, barang penyok",
    ], [
        "the packaging was damaged and the box was crushed",
        "package arrived with damaged packaging and a broken item",
        "torn packaging and dented product on arrival",
    ]),
    "cs_helpful": ("customer_service", "retention", "positive", (8, 10), [
        "customer service sangat membantu dan respon cepat",
        "cs responsif, masalah selesai dalam {n} menit",
        "pelayanan cs ramah dan solutif",
    ], [
        "customer service was very helpful and responded quickly",
        "support agent solved my issue in {n} minutes",
        "helpful and friendly customer support team",
    ]),
}
FILL = {"pay": ["ovo", "gopay", "dana", "kartu kredit"], "day": ["besok", "hari ini", "kemarin"],
        "ver": ["3.2", "4.0", "4.1"], "n": ["3", "7", "10", "14"]}
NOISE_TEXTS = ["ok", "biasa saja", "lumayan", "no comment", "fine I guess", "test", "mantap", "so so"]
SENTIMENT_SCORE = {"negative": -0.7, "neutral": 0.0, "positive": 0.7}


@dataclass
class Corpus:
    """Rows of a generated corpus, aligned by position."""

    feedback_ids: list[str]
    themes: list[str]
    texts: list[str]
    languages: list[str]
    created_at: list[datetime]
    nps: list[int | None]
    embeddings: np.ndarray


def _fill(template: str, rng: np.random.Generator) -> str:
    out = template
    for key, values in FILL.items():
        out = out.replace("{" + key + "}", values[int(rng.integers(len(values)))])
    return out


def _centres(dim: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {key: rng.normal(size=dim) for key in THEMES}


def make_corpus(n: int, *, seed: int = 0, dim: int = 48, start: datetime = datetime(2026, 9, 1),
                days: int = 60, noise_share: float = 0.05, prefix: str = "f", centre_seed: int = 1234,
                only: list[str] | None = None) -> Corpus:
    """Generate ``n`` items over ``days`` days (of the ``only`` themes if given); centres depend on ``centre_seed``."""
    rng = np.random.default_rng(seed)
    centres = _centres(dim, centre_seed)
    keys = only or list(THEMES)
    rows = Corpus([], [], [], [], [], [], np.zeros((n, dim), np.float32))
    for i in range(n):
        is_noise = rng.random() < noise_share
        key = "noise" if is_noise else keys[i % len(keys)]
        lang = "id" if rng.random() < 0.55 else "en"
        if is_noise:
            text, vec, score = NOISE_TEXTS[int(rng.integers(len(NOISE_TEXTS)))], rng.normal(size=dim) * 1.2, None
        else:
            tp, stage, sent, (lo, hi), id_t, en_t = THEMES[key]
            templates = id_t if lang == "id" else en_t
            text = _fill(templates[int(rng.integers(len(templates)))], rng)
            vec = centres[key] + rng.normal(size=dim) * 0.35
            score = int(rng.integers(lo, hi + 1))
        rows.feedback_ids.append(f"{prefix}{i:06d}")
        rows.themes.append(key)
        rows.texts.append(text)
        rows.languages.append(lang)
        rows.created_at.append(start + timedelta(days=int(rng.integers(days)), minutes=int(rng.integers(1440))))
        rows.nps.append(score if rng.random() < 0.7 else None)
        rows.embeddings[i] = vec
    rows.embeddings /= np.linalg.norm(rows.embeddings, axis=1, keepdims=True)
    return rows


UPSTREAM_DDL = """
create table if not exists core.enrichment (
    feedback_id varchar primary key, content_hash varchar, language varchar, language_mixed boolean,
    language_confidence float, text_norm varchar, text_hash varchar, embedding_model varchar, sentiment_label varchar,
    sentiment_score double, p_negative double, p_neutral double, p_positive double,
    sentiment_model varchar, enriched_at timestamp);
create table if not exists core.embeddings (
    text_hash varchar, model_id varchar, vector float[], created_at timestamp);
create table if not exists core.feedback_touchpoints (
    feedback_id varchar, touchpoint varchar, journey_stage varchar, confidence double,
    sentiment_label varchar, sentiment_score double, evidence varchar, method varchar,
    is_primary boolean, content_hash varchar, taxonomy_hash varchar, linked_at timestamp);
"""


def ensure_upstream(con) -> None:
    """Create the upstream contract tables when their migrations have not landed yet."""
    con.execute(UPSTREAM_DDL)


def seed_corpus(con, corpus: Corpus, model_id: str = "test-e5") -> None:
    """Insert a corpus into core.feedback, core.enrichment, core.embeddings and core.feedback_touchpoints."""
    import pyarrow as pa
    from suara.warehouse.db import registered

    ensure_upstream(con)
    rows = []
    for i, fid in enumerate(corpus.feedback_ids):
        text, theme = corpus.texts[i], corpus.themes[i]
        tp, stage, sent = (THEMES[theme][:3] if theme in THEMES else ("unlinked", None, "neutral"))
        rows.append({
            "fid": fid, "created_at": corpus.created_at[i], "text": text, "nps": corpus.nps[i],
            "chash": hashlib.md5(text.encode()).hexdigest(), "thash": hashlib.md5((fid + text).encode()).hexdigest(),
            "lang": corpus.languages[i], "tp": tp, "stage": stage, "sent": sent, "score": SENTIMENT_SCORE[sent],
            "vector": [float(x) for x in corpus.embeddings[i]],
        })
    table = pa.Table.from_pylist(rows)
    with registered(con, "_seed", table):
        for sql in SEED_SQL:
            con.execute(sql, [model_id] if "?" in sql else [])


SEED_SQL = [
    "insert or replace into core.feedback (feedback_id, source, source_id, kind, created_at, text, nps, "
    "content_hash, first_load_id, last_load_id, ingested_at, updated_at, metadata) "
    "select fid, 'survey', fid, 'survey', created_at, text, nps, chash, 'l1', 'l1', "
    "timestamp '2026-11-01', timestamp '2026-11-01', "
    "json_object('region', ['Jawa', 'Bali', 'Sumatera'][1 + cast(hash(fid) % 3 as bigint)]) from _seed",
    "insert or replace into core.enrichment (feedback_id, content_hash, language, language_mixed, "
    "language_confidence, text_norm, text_hash, embedding_model, sentiment_label, sentiment_score, "
    "p_negative, p_neutral, p_positive, sentiment_model, enriched_at) "
    "select fid, chash, lang, false, 0.9, lower(text), thash, ?, sent, score, 0.3, 0.3, 0.4, 'test', "
    "timestamp '2026-11-01' from _seed",
    "insert or replace into core.embeddings (text_hash, model_id, vector, created_at) "
    "select thash, ?, vector, timestamp '2026-11-01' from _seed",
    "insert into core.feedback_touchpoints (feedback_id, touchpoint, journey_stage, confidence, "
    "sentiment_label, sentiment_score, evidence, method, is_primary, content_hash, taxonomy_hash, linked_at) "
    "select fid, tp, stage, 0.9, sent, score, text, 'test', true, chash, 'tax', timestamp '2026-11-01' from _seed",
]


def built_warehouse(n: int = 600, seed: int = 0):
    """An in-memory warehouse seeded with a corpus, themes fitted and marts built: ``(con, corpus)``."""
    from suara.flows.config import SourceConfig, SuaraConfig, ThemeConfig
    from suara.warehouse.db import connect
    from suara.warehouse.marts import build_marts
    from suara.warehouse.themes import update_themes

    source = SourceConfig(name="survey", kind="survey", path="seeded", segments={"region": "region"},
                          columns={"id": "id", "text": "text", "created_at": "at"})
    cfg = SuaraConfig(sources=[source], themes=ThemeConfig(min_topic_size=15, window_days=120, bootstrap_samples=200))
    con = connect(":memory:")
    corpus = make_corpus(n, seed=seed)
    seed_corpus(con, corpus)
    update_themes(con, cfg, refit=True, run_id="seeded")
    build_marts(con, cfg)
    return con, corpus
