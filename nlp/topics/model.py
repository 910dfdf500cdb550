"""BERTopic over precomputed embeddings: deterministic, offline, sample-fitted, merged.

BERTopic never gets an embedding model here (``embedding_model=None`` and
``fit_transform(docs, embeddings=E)``), so it cannot try to download one. The
embeddings are expected in the theme space (:mod:`suara.nlp.topics.space`: language
means removed). Steps:

1. UMAP + HDBSCAN (through BERTopic) on a fixed-seed sample of at most
   ``sample_size`` items; the smallest topic is ``min_topic_share`` of the sample
   (at least ``min_topic_size`` items), so the theme count does not grow with
   the data.
2. Topics whose centroids are very similar (average-linkage cosine of the
   sample-centred centroids >= ``merge_similarity``) are merged: HDBSCAN often
   finds the same problem twice (once per language, or per wording).
3. HDBSCAN's outliers and the items outside the sample join their nearest
   topic centroid when similar enough; the bar is lowered until at most
   ``max_outlier_share`` of the items stay outliers.
4. Key phrases: c-TF-IDF over stopword-aware n-grams (:mod:`suara.nlp.topics.phrases`),
   over all languages and per language (for bilingual labels).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from suara.nlp.topics.phrases import ctfidf_keywords, keywords_by_language, make_vectorizer
from suara.nlp.topics.space import normalize_rows

_log = logging.getLogger(__name__)
OUTLIER = -1


@dataclass(frozen=True)
class TopicParams:
    """Knobs of one topic fit (mirrors ``ThemeConfig``)."""

    seed: int = 42
    min_topic_size: int = 15
    min_topic_share: float = 0.01
    sample_size: int = 20_000
    n_neighbors: int = 30
    n_components: int = 5
    max_outlier_share: float = 0.15
    min_similarity: float = 0.3
    merge_similarity: float = 0.6
    ngram_range: tuple[int, int] = (1, 2)
    top_n_words: int = 15

    def min_cluster_size(self, n_fit: int) -> int:
        """HDBSCAN's smallest cluster for ``n_fit`` fitted items: a share of them, never below ``min_topic_size``."""
        return max(self.min_topic_size, round(self.min_topic_share * n_fit))


@dataclass
class TopicResult:
    """A fitted topic model's output, independent of BERTopic's objects."""

    topics: np.ndarray
    """Topic per item (``-1`` = outlier), aligned with the input."""
    similarity: np.ndarray
    """Cosine similarity of each item to its topic's centroid (0 for outliers)."""
    centroids: np.ndarray
    """(k, d) L2-normalised centroids; row ``t`` is topic ``t``."""
    keywords: list[list[tuple[str, float]]]
    """c-TF-IDF key phrases and scores per topic."""
    sample_size: int
    """Items the model was fitted on (the rest were assigned by nearest centroid)."""
    outlier_share_raw: float = 0.0
    """Share of fitted items HDBSCAN left as outliers before reduction."""
    timings: dict[str, float] = field(default_factory=dict)
    keywords_by_language: dict[str, list[list[tuple[str, float]]]] = field(default_factory=dict)
    """c-TF-IDF key phrases per language (documents of that language only) and topic."""
    threshold: float = 0.0
    """Similarity an item needed to join a topic by nearest centroid (new items use the same bar)."""
    merged: int = 0
    """HDBSCAN topics merged into others because their centroids were near-identical."""

    @property
    def n_topics(self) -> int:
        """Number of topics found."""
        return int(self.centroids.shape[0])

    @property
    def outlier_share(self) -> float:
        """Share of all items left as outliers after reduction and assignment."""
        return float((self.topics == OUTLIER).mean()) if len(self.topics) else 0.0


def nearest_centroid(
    embeddings: np.ndarray, centroids: np.ndarray, min_similarity: float, chunk: int = 20_000
) -> tuple[np.ndarray, np.ndarray]:
    """Assign each (normalised) row to its most similar centroid, or ``-1`` below ``min_similarity``.

    Returns:
        ``(topics, similarity)`` arrays aligned with ``embeddings``.
    """
    n = embeddings.shape[0]
    topics = np.full(n, OUTLIER, dtype=np.int64)
    sims = np.zeros(n, dtype=np.float32)
    if n == 0 or centroids.shape[0] == 0:
        return topics, sims
    for start in range(0, n, chunk):
        block = embeddings[start : start + chunk] @ centroids.T
        best = block.argmax(axis=1)
        best_sim = block[np.arange(block.shape[0]), best]
        keep = best_sim >= min_similarity
        topics[start : start + chunk] = np.where(keep, best, OUTLIER)
        sims[start : start + chunk] = np.where(keep, best_sim, 0.0)
    return topics, sims


def centroids_of(embeddings: np.ndarray, topics: np.ndarray, k: int) -> np.ndarray:
    """Normalised mean embedding of each topic ``0..k-1``."""
    out = np.zeros((k, embeddings.shape[1]), dtype=np.float32)
    for t in range(k):
        members = embeddings[topics == t]
        if len(members):
            out[t] = members.mean(axis=0)
    return normalize_rows(out)


def merge_similar(embeddings: np.ndarray, topics: np.ndarray, threshold: float) -> np.ndarray:
    """Merge topics whose centred centroids have average-linkage cosine >= ``threshold``; renumber by size.

    Centroids are compared after subtracting the mean of ``embeddings``, so the encoder's common direction
    does not make every pair look alike. Returns new topic ids (``-1`` stays), 0 = largest.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    topics = np.asarray(topics, dtype=np.int64)
    k = int(topics.max()) + 1 if len(topics) else 0
    if k >= 2 and threshold < 1:
        centre = embeddings.mean(axis=0)
        cents = normalize_rows(np.stack([embeddings[topics == t].mean(axis=0) - centre for t in range(k)]))
        dist = np.clip(1.0 - cents @ cents.T, 0.0, 2.0)
        condensed = dist[np.triu_indices(k, 1)]
        group = fcluster(linkage(condensed, "average"), 1.0 - threshold, "distance") - 1
        topics = np.where(topics >= 0, group[np.maximum(topics, 0)], OUTLIER)
    return renumber_by_size(topics)


def renumber_by_size(topics: np.ndarray) -> np.ndarray:
    """Topic ids ``0..k-1`` by decreasing size (ties: lower old id first); ``-1`` stays."""
    topics = np.asarray(topics, dtype=np.int64)
    present = np.unique(topics[topics >= 0])
    if len(present) == 0:
        return topics
    sizes = np.array([(topics == t).sum() for t in present])
    order = present[np.lexsort((present, -sizes))]
    mapping = np.full(int(present.max()) + 1, OUTLIER)
    mapping[order] = np.arange(len(order))
    return np.where(topics >= 0, mapping[np.maximum(topics, 0)], OUTLIER)


def _build_model(params: TopicParams, n_docs: int):
    # Imported lazily: BERTopic costs ~10 s to import.
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from umap import UMAP

    size = params.min_cluster_size(n_docs)
    umap_model = UMAP(
        n_neighbors=min(params.n_neighbors, max(2, n_docs - 1)), n_components=params.n_components,
        min_dist=0.0, metric="cosine", random_state=params.seed, low_memory=True, n_jobs=1,
    )
    hdbscan_model = HDBSCAN(
        min_cluster_size=size, min_samples=max(2, size // 3), metric="euclidean", cluster_selection_method="eom",
        prediction_data=False,
    )
    return BERTopic(
        embedding_model=None, umap_model=umap_model, hdbscan_model=hdbscan_model,
        vectorizer_model=make_vectorizer(n_docs, params.ngram_range),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True), top_n_words=params.top_n_words,
        calculate_probabilities=False, verbose=False,
    )


def outlier_threshold(best_sims: np.ndarray, n_total: int, params: TopicParams) -> float:
    """Lowest similarity needed so that at most ``max_outlier_share`` of ``n_total`` items stay outliers.

    Args:
        best_sims: each outlier's similarity to its nearest topic centroid.
        n_total: items in the fit.
        params: ``min_similarity`` (the bar never rises above it) and ``max_outlier_share``.
    """
    allowed = int(params.max_outlier_share * n_total)
    if len(best_sims) <= allowed:
        return params.min_similarity
    # The (len - allowed)-th best similarity must be accepted.
    needed = np.sort(best_sims)[::-1][len(best_sims) - allowed - 1]
    return float(min(params.min_similarity, needed))


def _sample(n: int, params: TopicParams) -> np.ndarray:
    if n <= params.sample_size:
        return np.arange(n)
    rng = np.random.default_rng(params.seed)
    return np.sort(rng.choice(n, size=params.sample_size, replace=False))


def _assign_rest(emb: np.ndarray, idx: np.ndarray, sample_topics: np.ndarray, params: TopicParams):
    """Topic of every item: HDBSCAN members keep theirs, the rest join the nearest centroid above the bar."""
    k = int(sample_topics.max()) + 1
    centroids = centroids_of(emb[idx], sample_topics, k)
    all_topics, sims = nearest_centroid(emb, centroids, -1.0)
    is_member = np.zeros(len(emb), dtype=bool)
    is_member[idx[sample_topics >= 0]] = True
    all_topics[idx[sample_topics >= 0]] = sample_topics[sample_topics >= 0]
    threshold = outlier_threshold(sims[~is_member], len(emb), params)
    all_topics = np.where(is_member | (sims >= threshold), all_topics, OUTLIER)
    centroids = centroids_of(emb, all_topics, k)
    sims = np.where(all_topics >= 0, (emb * centroids[np.maximum(all_topics, 0)]).sum(axis=1), 0.0)
    return all_topics, sims.astype(np.float32), centroids, threshold


def fit_topics(docs: list[str], embeddings: np.ndarray, params: TopicParams | None = None,
               languages: list[str] | None = None) -> TopicResult:
    """Fit BERTopic on (a sample of) the items, merge near-duplicate topics, assign every item a topic.

    Args:
        docs: normalised texts (c-TF-IDF runs on these).
        embeddings: (n, d) embeddings aligned with ``docs``, in the theme space.
        params: fit parameters; defaults when ``None``.
        languages: language code per doc, for per-language key phrases (``None``: one language).

    Returns:
        A :class:`TopicResult`; topic 0 is the largest.
    """
    import time

    params = params or TopicParams()
    emb = normalize_rows(embeddings)
    n = len(docs)
    languages = languages or ["und"] * n
    if n < max(params.min_topic_size * 2, 10):
        return TopicResult(np.full(n, OUTLIER), np.zeros(n, np.float32), np.zeros((0, emb.shape[1])), [], 0)
    t0 = time.perf_counter()
    idx = _sample(n, params)
    sample_docs = [docs[i] for i in idx]
    raw, _ = _build_model(params, len(idx)).fit_transform(sample_docs, embeddings=emb[idx])
    raw = np.asarray(raw, dtype=np.int64)
    t1 = time.perf_counter()
    merged = merge_similar(emb[idx], raw, params.merge_similarity)
    if merged.max() < 0:
        return TopicResult(np.full(n, OUTLIER), np.zeros(n, np.float32), np.zeros((0, emb.shape[1])), [], len(idx))
    topics, sims, centroids, threshold = _assign_rest(emb, idx, merged, params)
    k = centroids.shape[0]
    sample_langs = [languages[i] for i in idx]
    keywords = ctfidf_keywords(sample_docs, topics[idx], k, params.top_n_words, params.ngram_range)
    by_language = keywords_by_language(sample_docs, topics[idx], sample_langs, k, params.top_n_words,
                                       params.ngram_range)
    timings = {"fit_s": round(t1 - t0, 2), "assign_s": round(time.perf_counter() - t1, 2)}
    return TopicResult(topics, sims, centroids, keywords, len(idx), float(np.mean(raw == OUTLIER)), timings,
                       by_language, threshold, int(raw.max()) + 1 - k)
