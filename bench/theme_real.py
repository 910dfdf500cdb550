"""Themes on real public corpora: count, largest share, brand-labelled share, NMI vs aspect labels.

One run prints, per corpus of ``../shared/data`` (HoASA train, MAMS-ACSA train, id_gplay_ecommerce,
en_sxsw_brand_tweets, en_apple_tweets), for the previous theme step (``old``: language-centred space, BERTopic
UMAP+HDBSCAN over all items) and the current one (``new``):

* theme count, largest theme's share of the themed items, outlier share;
* share of themes whose label holds a brand/handle token (the corpus's @handles/#tags and brand names);
* on HoASA and MAMS, items with exactly one negative aspect: NMI of the themes against that aspect, and NMI of
  k-means (k = number of aspects) on the same e5 vectors of those items.

Texts go through the enrichment steps (language, normalisation, e5 + the default sentiment adapter) once; the
results are cached under ``/tmp/suara-theme-bench`` so reruns take seconds.

    nice -n 10 .venv/bin/python bench/theme_real.py [--n 3000] [--only hoasa mams] [--top 10]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CACHE = Path("/tmp/suara-theme-bench")
BRANDS = {"sxsw": {"apple", "google", "ipad", "iphone", "android", "sxsw", "ipad2"},
          "apple": {"apple", "aapl", "iphone", "ipad"}, "gplay": {"blibli", "tokopedia", "shopee", "lazada",
                                                                   "bukalapak"}}


@dataclass
class Corpus:
    """Texts of one corpus and, where it has them, the single negative aspect of each item (else None)."""

    name: str
    texts: list[str]
    aspects: list[str | None]


def _hoasa(n: int) -> Corpus:
    rows = list(csv.DictReader(open(DATA / "indonlu-hoasa/train_preprocess.csv", encoding="utf-8")))[:n]
    names = [c for c in rows[0] if c != "review"]
    aspects = []
    for r in rows:
        neg = [a for a in names if r[a] == "neg"]
        aspects.append(neg[0] if len(neg) == 1 else None)
    return Corpus("hoasa", [r["review"] for r in rows], aspects)


def _mams(n: int) -> Corpus:
    texts, aspects = [], []
    for s in ET.parse(DATA / "mams/MAMS-ACSA/train.xml").getroot().iter("sentence"):
        neg = [a.get("category") for a in s.iter("aspectCategory") if a.get("polarity") == "negative"]
        texts.append(s.findtext("text"))
        aspects.append(neg[0] if len(neg) == 1 else None)
    return Corpus("mams", texts[:n], aspects[:n])


def _gplay(n: int) -> Corpus:
    rows = []
    for part in ("validation", "train"):
        rows += list(csv.DictReader(open(DATA / f"id_gplay_ecommerce/{part}.csv", encoding="utf-8")))
    texts = [r["text"].strip() for r in rows if r["text"].strip()][:n]
    return Corpus("gplay", texts, [None] * len(texts))


def _sxsw(n: int) -> Corpus:
    path = DATA / "en_sxsw_brand_tweets/judge-1377884607_tweet_product_company.csv"
    texts = [r["tweet_text"] for r in csv.DictReader(open(path, encoding="latin-1")) if r["tweet_text"]][:n]
    return Corpus("sxsw", texts, [None] * len(texts))


def _apple(n: int) -> Corpus:
    path = DATA / "en_apple_tweets/Apple-Twitter-Sentiment-DFE.csv"
    texts = [r["text"] for r in csv.DictReader(open(path, encoding="latin-1")) if r["text"]][:n]
    return Corpus("apple", texts, [None] * len(texts))


LOADERS = {"hoasa": _hoasa, "mams": _mams, "gplay": _gplay, "sxsw": _sxsw, "apple": _apple}


@dataclass
class Enriched:
    """What the enrichment step would store for each text."""

    docs: list[str]
    languages: list[str]
    embeddings: np.ndarray
    proba: np.ndarray
    """(n, 3) sentiment probabilities, columns negative, neutral, positive."""

    @property
    def sentiment(self) -> list[str]:
        """Sentiment label per item."""
        return [("negative", "neutral", "positive")[i] for i in self.proba.argmax(axis=1)]


def enrich(texts: list[str]) -> Enriched:
    """Language, normalised text, e5 embedding and default sentiment of each text (cached on disk)."""
    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.npz"
    if path.exists():
        z = np.load(path, allow_pickle=False)
        return Enriched(list(z["docs"]), list(z["languages"]), z["embeddings"], z["proba"])
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.embeddings.config import EmbeddingConfig
    from suara.nlp.language import detect_languages
    from suara.nlp.normalize import normalize
    from suara.nlp.sentiment import LABELS, load_sentiment
    from suara.nlp.sentiment.config import SentimentConfig

    langs = [r.code for r in detect_languages(texts)]
    docs = [normalize(t, language=g) for t, g in zip(texts, langs, strict=True)]
    embedder = load_embedder(EmbeddingConfig())
    model = load_sentiment(SentimentConfig(), embedder=embedder)
    emb, result = model.embed_and_predict(docs)
    order = [list(LABELS).index(name) for name in ("negative", "neutral", "positive")]
    proba = np.asarray(result.proba)[:, order]
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, docs=np.array(docs), languages=np.array(langs), embeddings=emb.astype(np.float32), proba=proba)
    return Enriched(docs, langs, emb.astype(np.float32), proba)


def brand_tokens(name: str, texts: list[str]) -> set[str]:
    """The corpus's brand names and every @handle / #tag used in at least 0.5% of its texts."""
    found: dict[str, int] = {}
    for t in texts:
        for tok in set(re.findall(r"[@#](\w+)", t.lower())):
            found[tok] = found.get(tok, 0) + 1
    return BRANDS.get(name, set()) | {t for t, c in found.items() if c >= 0.005 * len(texts)}


def main() -> None:
    """Embed (cached) and print the figures per corpus."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--only", nargs="*", default=list(LOADERS))
    parser.add_argument("--embed-only", action="store_true")
    args = parser.parse_args()
    for name in args.only:
        corpus = LOADERS[name](args.n)
        start = time.perf_counter()
        enrich(corpus.texts)
        print(f"{name}: {len(corpus.texts)} texts enriched in {time.perf_counter() - start:.0f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
