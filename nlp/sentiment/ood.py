"""Out-of-domain sentiment sets: shared public sets the default model is never trained on.

Each loader maps the set's own labels onto :data:`~suara.nlp.sentiment.labels.LABELS` exactly as its
``SOURCE.txt`` in ``../shared/data`` says (stars 1-2/3/4-5, crowd 1/3/5, SST roots 0-1/2/3-4, ...), and
drops what it says to drop ("I can't tell", ``not_relevant``, empty texts). Sets without a stated licence
are for measuring only; :data:`OOD_LICENCES` lists each set's licence for the scorecard and model card.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from suara.nlp.sentiment.data import SHARED_DATA, LabelledSet
from suara.nlp.sentiment.labels import stars_label

OOD_SAMPLE_SEED = 20261201
"""Seed of the fixed row sample of each set (independent of any training seed)."""

OOD_LICENCES: dict[str, str] = {
    "gplay-valid": "MIT + CC BY 4.0",
    "indonglish-test": "none stated (measure only)",
    "idsa-tweets": "none stated (measure only)",
    "sxsw-brand-tweets": "none stated (measure only)",
    "apple-tweets": "none stated (measure only)",
    "sst5-dev": "none stated (measure only)",
    "uci-sentences": "CC BY 4.0",
}
"""Scorecard sets, in print order, with the licence their ``SOURCE.txt`` states."""


def _csv_rows(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    text = path.read_text(encoding=encoding)
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _labelled(name: str, pairs: list[tuple[str, str | None]], lang: str) -> LabelledSet:
    """Keep rows with a non-empty text and a mapped label."""
    kept = [(t.strip(), lab) for t, lab in pairs if lab is not None and t and t.strip()]
    return LabelledSet(name, [t for t, _ in kept], [lab for _, lab in kept], [lang] * len(kept))


def _gplay(root: Path) -> LabelledSet:
    rows = _csv_rows(root / "id_gplay_ecommerce" / "validation.csv")
    return _labelled("gplay-valid", [(r["text"], stars_label(r["stars"])) for r in rows], "id")


def gplay_rows(root: Path | None = None) -> list[tuple[str, int]]:
    """``(text, stars)`` of ``id_gplay_ecommerce/validation.csv`` (stars are the customers' ratings)."""
    rows = _csv_rows(Path(root or SHARED_DATA) / "id_gplay_ecommerce" / "validation.csv")
    return [(r["text"].strip(), int(float(r["stars"]))) for r in rows if r["text"].strip() and r["stars"]]


def _indonglish(root: Path) -> LabelledSet:
    rows = _csv_rows(root / "id_indonglish_codemixed" / "skenario-ori" / "test.csv")
    labels = {"Positif": "positive", "Netral": "neutral", "Negatif": "negative"}
    return _labelled("indonglish-test", [(r["tweet"], labels.get(r["label"].strip())) for r in rows], "id")


def _idsa(root: Path) -> LabelledSet:
    rows = _csv_rows(root / "id_idsa_tweets" / "idsa_tweets.tsv", delimiter="\t")
    labels = {"-1": "negative", "0": "neutral", "1": "positive"}
    return _labelled("idsa-tweets", [(r["Tweet"], labels.get(r["sentimen"].strip())) for r in rows], "id")


def _sxsw(root: Path) -> LabelledSet:
    path = root / "en_sxsw_brand_tweets" / "judge-1377884607_tweet_product_company.csv"
    labels = {"Positive emotion": "positive", "Negative emotion": "negative",
              "No emotion toward brand or product": "neutral"}
    rows = _csv_rows(path, encoding="latin-1")
    col = "is_there_an_emotion_directed_at_a_brand_or_product"
    return _labelled("sxsw-brand-tweets", [(r["tweet_text"], labels.get(r[col])) for r in rows], "en")


def _apple(root: Path) -> LabelledSet:
    rows = _csv_rows(root / "en_apple_tweets" / "Apple-Twitter-Sentiment-DFE.csv", encoding="latin-1")
    labels = {"1": "negative", "3": "neutral", "5": "positive"}
    return _labelled("apple-tweets", [(r["text"], labels.get(r["sentiment"].strip())) for r in rows], "en")


_LEAF = re.compile(r"\(\d ([^()\s]+)\)")
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"'}


def detokenise_ptb(tokens: list[str]) -> str:
    """Join PTB tokens back into plain text (``n't``, ``'s`` and punctuation re-attached)."""
    text = " ".join(_PTB.get(t, t) for t in tokens)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r" ([.,!?;:%)\]])", r"\1", text)
    return re.sub(r"([(\[$]) ", r"\1", text).strip()


def _sst5(root: Path) -> LabelledSet:
    pairs = []
    for line in (root / "en_sst5" / "trees" / "dev.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        root_label = int(line.lstrip("( ")[0])
        label = "negative" if root_label <= 1 else "neutral" if root_label == 2 else "positive"
        pairs.append((detokenise_ptb(_LEAF.findall(line)), label))
    return _labelled("sst5-dev", pairs, "en")


def _uci(root: Path) -> LabelledSet:
    pairs = []
    for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt"):
        # split on "\n" only: the imdb file holds stray carriage returns inside lines
        for line in (root / "en_uci_labelled_sentences" / name).read_text(encoding="utf-8").split("\n"):
            text, _, score = line.rpartition("\t")
            pairs.append((text, {"0": "negative", "1": "positive"}.get(score.strip())))
    return _labelled("uci-sentences", pairs, "en")


LOADERS: dict[str, Callable[[Path], LabelledSet]] = {
    "gplay-valid": _gplay, "indonglish-test": _indonglish, "idsa-tweets": _idsa, "sxsw-brand-tweets": _sxsw,
    "apple-tweets": _apple, "sst5-dev": _sst5, "uci-sentences": _uci,
}


def load_ood(name: str, n: int | None = None, root: Path | None = None) -> LabelledSet:
    """One scorecard set, optionally a fixed seeded sample of ``n`` rows (same rows on every call).

    Raises:
        KeyError: unknown set name.
        FileNotFoundError: the shared data folder or the set's file is missing.
    """
    if name not in LOADERS:
        raise KeyError(f"unknown out-of-domain set {name!r}; known: {', '.join(LOADERS)}")
    data = LOADERS[name](Path(root) if root else SHARED_DATA)
    if n is None or len(data) <= n:
        return data
    order = np.random.default_rng(OOD_SAMPLE_SEED).permutation(len(data))[:n]
    return data.subset(np.sort(order))
