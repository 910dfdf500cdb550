"""BERTopic over precomputed embeddings: deterministic, offline, sample-fitted.

BERTopic never gets an embedding model here (``embedding_model=None`` and
``fit_transform(docs, embeddings=E)``), so it cannot try to download one. UMAP
is the slow part on two cores, so the model is fitted on a fixed-seed sample of
at most ``sample_size`` items and the other items are assigned to the nearest
topic centroid in embedding space.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from nlp.topics.stopwords import stopword_list

_log = logging.getLogger(__name__)
OUTLIER = -1


@dataclass(frozen=True)
class TopicParams:
    """Knobs of one topic fit (mirrors ``ThemeConfig``)."""

    seed: int = 42
    min_topic_size: int = 15
    sample_size: int = 20_000
    n_neighbors: int = 15
    n_components: int = 5
    max_outlier_share: float = 0.15
    min_similarity: float = 0.5
    ngram_range: tuple[int, int] = (1, 2)
    top_n_words: int = 15


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

    @property
    def n_topics(self) -> int:
        """Number of topics found."""
        return int(self.centroids.shape[0])

    @property
    def outlier_share(self) -> float:
        """Share of all items left as outliers after reduction and assignment."""
        return float((self.topics == OUTLIER).mean()) if len(self.topics) else 0.0


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """L2-normalise rows (zero rows stay zero) as float32."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


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


def _build_model(params: TopicParams, n_docs: int):
    # Imported lazily: BERTopic costs ~10 s to import.
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    umap_model = UMAP(
        n_neighbors=min(params.n_neighbors, max(2, n_docs - 1)), n_components=params.n_components,
        min_dist=0.0, metric="cosine", random_state=params.seed, low_memory=True, n_jobs=1,
    )
    hdbscan_model = HDBSCAN(
        min_cluster_size=params.min_topic_size, min_samples=max(2, params.min_topic_size // 3),
        metric="euclidean", cluster_selection_method="eom", prediction_data=False,
    )
    vectorizer = CountVectorizer(
        stop_words=stopword_list(), ngram_range=params.ngram_range,
        min_df=2 if n_docs >= 1000 else 1, max_features=100_000,
    )
    ctfidf = ClassTfidfTransformer(reduce_frequent_words=True)
    model = BERTopic(
        embedding_model=None, umap_model=umap_model, hdbscan_model=hdbscan_model,
        vectorizer_model=vectorizer, ctfidf_model=ctfidf, top_n_words=params.top_n_words,
        calculate_probabilities=False, verbose=False,
    )
    return model, vectorizer, ctfidf


def _outlier_threshold(sims: np.ndarray, n_total: int, params: TopicParams) -> float:
    """Lowest similarity needed so that at most ``max_outlier_share`` of items stay outliers."""
    allowed = int(params.max_outlier_share * n_total)
    if len(sims) <= allowed:
        return params.min_similarity
    # The (len - allowed)-th best similarity must be accepted.
    needed = np.sort(sims)[::-1][len(sims) - allowed - 1]
    return float(min(params.min_similarity, needed))


def _reduce_outliers(model, docs, topics, embeddings, params) -> tuple[list[int], float]:
    outliers = np.flatnonzero(np.asarray(topics) == OUTLIER)
    # reduce_outliers raises when there is nothing to reduce, and needs at least one topic.
    if len(outliers) == 0 or max(topics) < 0:
        return list(topics), params.min_similarity
    topic_vecs = normalize_rows(model.topic_embeddings_[model._outliers :])
    best = (embeddings[outliers] @ topic_vecs.T).max(axis=1)
    threshold = _outlier_threshold(best, len(topics), params)
    new = model.reduce_outliers(docs, topics, strategy="embeddings", embeddings=embeddings, threshold=threshold)
    return [int(t) for t in new], threshold


def _sample(n: int, params: TopicParams) -> np.ndarray:
    if n <= params.sample_size:
        return np.arange(n)
    rng = np.random.default_rng(params.seed)
    return np.sort(rng.choice(n, size=params.sample_size, replace=False))


def fit_topics(docs: list[str], embeddings: np.ndarray, params: TopicParams | None = None) -> TopicResult:
    """Fit BERTopic on (a sample of) the items and assign every item a topic.

    Args:
        docs: normalised texts (c-TF-IDF runs on these).
        embeddings: (n, d) precomputed embeddings aligned with ``docs``.
        params: fit parameters; defaults when ``None``.

    Returns:
        A :class:`TopicResult`; topic ids are BERTopic's (0 = largest).
    """
    import time

    params = params or TopicParams()
    emb = normalize_rows(embeddings)
    n = len(docs)
    if n < max(params.min_topic_size * 2, 10):
        return TopicResult(np.full(n, OUTLIER), np.zeros(n, np.float32), np.zeros((0, emb.shape[1])), [], 0)
    t0 = time.perf_counter()
    idx = _sample(n, params)
    sample_docs = [docs[i] for i in idx]
    model, vectorizer, ctfidf = _build_model(params, len(idx))
    topics, _ = model.fit_transform(sample_docs, embeddings=emb[idx])
    raw_share = float(np.mean(np.asarray(topics) == OUTLIER))
    t1 = time.perf_counter()
    topics, threshold = _reduce_outliers(model, sample_docs, list(topics), emb[idx], params)
    k = max(topics) + 1 if topics else 0
    if k > 0 and raw_share > 0:
        model.update_topics(sample_docs, topics=topics, vectorizer_model=vectorizer, ctfidf_model=ctfidf,
                            top_n_words=params.top_n_words)
    keywords = [list(model.get_topic(t) or []) for t in range(k)]
    sample_topics = np.asarray(topics, dtype=np.int64)
    centroids = centroids_of(emb[idx], sample_topics, k)
    all_topics, sims = nearest_centroid(emb, centroids, threshold)
    # Fitted items keep the model's own assignment; only the rest use nearest centroid.
    all_topics[idx] = sample_topics
    member = sample_topics >= 0
    sims[idx] = np.where(member, (emb[idx] * centroids[np.maximum(sample_topics, 0)]).sum(axis=1), 0.0)
    timings = {"fit_s": round(t1 - t0, 2), "assign_s": round(time.perf_counter() - t1, 2)}
    return TopicResult(all_topics, sims, centroids, keywords, len(idx), raw_share, timings)
