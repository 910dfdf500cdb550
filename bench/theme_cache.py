"""Cached enrichment and encoder calls for the theme benchmarks (``bench/theme_real.py``).

Texts go through the enrichment steps (language, normalisation, e5 + the default sentiment adapter) once; key
phrases are scored and vocabulary words embedded once; everything is cached under ``/tmp/suara-theme-bench`` so
reruns take seconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CACHE = Path("/tmp/suara-theme-bench")


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
    """Language, normalised text, e5 embedding and default sentiment of each text (cached on disk).

    The cache is keyed by the normalised texts too, so a change to normalisation (the slang table) re-encodes.
    """
    from suara.nlp.language import detect_languages
    from suara.nlp.normalize import normalize

    langs = [r.code for r in detect_languages(texts)]
    docs = [normalize(t, language=g) for t, g in zip(texts, langs, strict=True)]
    key = hashlib.sha256("\x00".join(texts + ["\x01"] + docs).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.npz"
    if path.exists():
        z = np.load(path, allow_pickle=False)
        return Enriched(list(z["docs"]), list(z["languages"]), z["embeddings"], z["proba"])
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.embeddings.config import EmbeddingConfig
    from suara.nlp.sentiment import LABELS, load_sentiment
    from suara.nlp.sentiment.config import SentimentConfig

    embedder = load_embedder(EmbeddingConfig())
    model = load_sentiment(SentimentConfig(), embedder=embedder)
    emb, result = model.embed_and_predict(docs)
    order = [list(LABELS).index(name) for name in ("negative", "neutral", "positive")]
    proba = np.asarray(result.proba)[:, order]
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, docs=np.array(docs), languages=np.array(langs), embeddings=emb.astype(np.float32), proba=proba)
    return Enriched(docs, langs, emb.astype(np.float32), proba)


_MODEL = []


def phrase_scorer(model=None):
    """Sentiment of short texts by the default model, as the theme step scores key phrases (cached on disk)."""
    import json

    path = CACHE / "phrases.json"
    known = json.loads(path.read_text()) if path.exists() else {}

    def score(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            if model is None and not _MODEL:
                from suara.nlp.embeddings import load_embedder
                from suara.nlp.embeddings.config import EmbeddingConfig
                from suara.nlp.sentiment import load_sentiment
                from suara.nlp.sentiment.config import SentimentConfig

                _MODEL.append(load_sentiment(SentimentConfig(), embedder=load_embedder(EmbeddingConfig())))
            from suara.nlp.sentiment import LABELS

            order = [list(LABELS).index(name) for name in ("negative", "neutral", "positive")]
            proba = np.asarray((model or _MODEL[0]).predict(missing).proba)[:, order]
            known.update({t: [float(x) for x in row] for t, row in zip(missing, proba, strict=True)})
            CACHE.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(known))
        return np.array([known[t] for t in texts])

    return score


def word_embedder():
    """The e5 encoder for the words channel, as the theme step uses it (vectors cached on disk by text)."""
    path = CACHE / "words.npz"

    def embed(texts: list[str]) -> np.ndarray:
        known = {}
        if path.exists():
            z = np.load(path, allow_pickle=False)
            known = dict(zip(z["texts"].tolist(), z["vectors"], strict=True))
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            from suara.nlp.embeddings import load_embedder
            from suara.nlp.embeddings.config import EmbeddingConfig

            if not _EMBEDDER:
                _EMBEDDER.append(load_embedder(EmbeddingConfig()))
            known.update(zip(missing, _EMBEDDER[0].embed(missing), strict=True))
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(path, texts=np.array(list(known)), vectors=np.stack(list(known.values())))
        return np.stack([known[t] for t in texts])

    return embed


_EMBEDDER = []


def negative_mentions(texts: list[str], en: Enriched, taxonomy: Path) -> list[str]:
    """Each item's touchpoint as the real linker sees its complaint: its first negative mention, else its first.

    Linked as the nightly flow does before the theme step (the cached e5 vector and sentiment of each normalised
    text, default linker settings, nightly batch size); ``none`` for an item without any link; cached on disk.
    """
    import json

    key = hashlib.sha256(("\x00".join(texts + en.docs) + taxonomy.read_text()).encode()).hexdigest()[:16]
    path = CACHE / f"negative-mentions-{key}.json"
    if path.exists():
        return json.loads(path.read_text())
    from suara.nlp.config import TouchpointConfig
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.embeddings.config import EmbeddingConfig
    from suara.nlp.sentiment import load_sentiment
    from suara.nlp.sentiment.config import SentimentConfig
    from suara.nlp.taxonomy import UNLINKED, load_taxonomy
    from suara.nlp.touchpoints import LinkInput, TouchpointLinker

    if not _EMBEDDER:
        _EMBEDDER.append(load_embedder(EmbeddingConfig()))
    if not _MODEL:
        _MODEL.append(load_sentiment(SentimentConfig(), embedder=_EMBEDDER[0]))
    cfg = TouchpointConfig()
    linker = TouchpointLinker(load_taxonomy(taxonomy), _EMBEDDER[0], _MODEL[0], cfg.threshold,
                              split_gate=cfg.split_gate, two_sided=cfg.two_sided)
    scores, two_sided = en.proba[:, 2] - en.proba[:, 0], np.minimum(en.proba[:, 0], en.proba[:, 2])
    items = [LinkInput(d, embedding=v, sentiment_label=lab, sentiment_score=float(s), two_sided=float(p))
             for d, v, lab, s, p in zip(en.docs, en.embeddings, en.sentiment, scores, two_sided, strict=True)]
    out = []
    for start in range(0, len(items), cfg.batch_rows):
        for mentions in linker.link(items[start : start + cfg.batch_rows]):
            linked = [m for m in mentions if m.touchpoint != UNLINKED]
            negative = [m.touchpoint for m in linked if m.sentiment_label == "negative"]
            out.append(negative[0] if negative else (linked[0].touchpoint if linked else "none"))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out))
    return out
