"""Topics over precomputed embeddings: deterministic, offline, sample-fitted, relative to the data.

The embeddings are expected in the theme space (:mod:`suara.nlp.topics.space`: language means removed;
:mod:`suara.nlp.topics.nuisance`: sentiment and @handle directions removed). Steps:

1. A partition of a fixed-seed sample of at most ``sample_size`` items (:mod:`suara.nlp.topics.partition`), in the
   encoder space beside a words channel (``words``: the mean encoder vector of each item's content words,
   :mod:`suara.nlp.topics.wordvec`; or the latent analysis of the items' words, :mod:`suara.nlp.topics.lexical`)
   and, where the items are linked to touchpoints, beside the touchpoint of each item's complaint (one-hot,
   ``touchpoint_weight``: an item about two things groups with the one it complains about);
   k-means over-clustering, clusters merged when their centroids are unusually close for this data, clusters
   below ``min_topic_share`` of the sample (at least ``min_topic_size`` items) dissolved. UMAP + HDBSCAN was
   the previous step; on real feedback it found sentiment or @handle blobs (issue 11).
2. Items outside the sample join their nearest topic centroid when at least as similar as all but
   ``outlier_quantile`` of the fitted members are to theirs (new items between refits use the same bar).
3. Key phrases: coverage and lift against the whole corpus over stopword-aware n-grams
   (:mod:`suara.nlp.topics.phrases`), over all languages and per language (bilingual labels). A theme whose
   items are mostly negative is described by its negative items only, and key phrases the sentiment model reads
   as leaning to the other side of a theme are dropped (:mod:`suara.nlp.topics.polarity`): a pain point is never
   labelled with praise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from suara.nlp.topics.lexical import lexical_vectors
from suara.nlp.topics.partition import partition
from suara.nlp.topics.phrases import handle_words, key_phrases, keywords_by_language
from suara.nlp.topics.polarity import NONE, PAIN, Scorer, side_keywords, theme_sides
from suara.nlp.topics.space import joint_centroids, normalize_rows, side_by_side, touchpoint_block
from suara.nlp.topics.wordvec import Embed, word_vectors

_log = logging.getLogger(__name__)
OUTLIER = -1
WORDS_CHANNELS = ("vectors", "lsa", "off")
"""Values of ``TopicParams.words`` (``themes.words``)."""


@dataclass(frozen=True)
class TopicParams:
    """Knobs of one topic fit (mirrors ``ThemeConfig``)."""

    seed: int = 42
    min_topic_size: int = 15
    min_topic_share: float = 0.01
    sample_size: int = 20_000
    merge_sd: float = 3.0
    outlier_quantile: float = 0.05
    ngram_range: tuple[int, int] = (1, 2)
    top_n_words: int = 15
    brand_words: tuple[str, ...] = ()
    """The user's brand and product names (lowercase): never in a key phrase or the words channel."""
    words: str = "vectors"
    """Words channel of the partition: ``vectors`` (mean word vectors, :mod:`suara.nlp.topics.wordvec`; needs an
    encoder), ``lsa`` (:mod:`suara.nlp.topics.lexical`; groups by plain brand words) or ``off``."""
    touchpoint_weight: float = 0.4
    """Weight of the touchpoint channel (each item's complaint touchpoint, one-hot) beside the encoder and words
    blocks of weight 1; 0 turns it off. Chosen on HoASA and MAMS together (``bench/theme_real.py``)."""

    def min_cluster_size(self, n_fit: int) -> int:
        """Smallest topic for ``n_fit`` fitted items: a share of them, never below ``min_topic_size``."""
        return max(self.min_topic_size, round(self.min_topic_share * n_fit))


@dataclass
class Complaints:
    """What each topic's negative items say, with praise dropped: the label of its pain points (issue 11).

    A theme of mostly praise ("free ongkir, shipping") also holds complaints ("minimum order"); its pain points
    are labelled by these, never by the theme's praise. A topic whose complaints have no key phrase left has an
    empty list (its rows are no pain point); a topic described by its complaints already has its own key phrases.
    """

    keywords: list[list[tuple[str, float]]]
    by_language: dict[str, list[list[tuple[str, float]]]]
    voice: list[set[str]]


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
    """Key phrases and scores per topic (:func:`suara.nlp.topics.phrases.key_phrases`)."""
    sample_size: int
    """Items the model was fitted on (the rest were assigned by nearest centroid)."""
    outlier_share_raw: float = 0.0
    """Share of fitted items the clustering left as outliers (0 for a partition)."""
    timings: dict[str, float] = field(default_factory=dict)
    keywords_by_language: dict[str, list[list[tuple[str, float]]]] = field(default_factory=dict)
    """Key phrases per language (documents of that language only) and topic."""
    threshold: float = 0.0
    """Similarity an item needed to join a topic by nearest centroid (new items use the same bar)."""
    merged: int = 0
    """Topics merged into others because their centroids were near-identical."""
    negative_share: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Share of each topic's items the sentiment model calls negative."""
    voice: list[set[str]] = field(default_factory=list)
    """Per topic, its key phrases the sentiment model reads as of the topic's side (labels lead with them)."""
    complaints: Complaints | None = None
    """Key phrases of each topic's complaints alone, for its pain points (``None`` without sentiment)."""

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


def _sample(n: int, params: TopicParams) -> np.ndarray:
    if n <= params.sample_size:
        return np.arange(n)
    rng = np.random.default_rng(params.seed)
    return np.sort(rng.choice(n, size=params.sample_size, replace=False))


def _assign_rest(emb: np.ndarray, idx: np.ndarray, sample_topics: np.ndarray, params: TopicParams):
    """Topic of every item: sampled items keep theirs, the rest join the nearest centroid above the bar."""
    k = int(sample_topics.max()) + 1
    centroids = centroids_of(emb[idx], sample_topics, k)
    member_sims = (emb[idx] * centroids[sample_topics]).sum(axis=1)
    # The bar is relative: all but outlier_quantile of the fitted members are at least this close to theirs.
    threshold = float(np.quantile(member_sims, params.outlier_quantile))
    all_topics, _ = nearest_centroid(emb, centroids, threshold)
    all_topics[idx] = sample_topics
    centroids = centroids_of(emb, all_topics, k)
    sims = np.where(all_topics >= 0, (emb * centroids[np.maximum(all_topics, 0)]).sum(axis=1), 0.0)
    return all_topics, sims.astype(np.float32), centroids, threshold


def negative_share(topics: np.ndarray, sentiment: list[str] | None, k: int) -> np.ndarray:
    """Share of each topic's items that are negative (zeros without sentiment)."""
    if sentiment is None:
        return np.zeros(k)
    neg = np.asarray(sentiment) == "negative"
    return np.array([neg[topics == t].mean() if (topics == t).any() else 0.0 for t in range(k)])


def by_complaints(shares: np.ndarray) -> np.ndarray:
    """Topics described by their complaints alone (more than half their items negative; see :func:`keyword_topics`)."""
    return np.asarray(shares) > 0.5


def keyword_topics(topics: np.ndarray, sentiment: list[str] | None, shares: np.ndarray) -> np.ndarray:
    """Topics as key phrases see them: a mostly negative topic keeps only its negative items (rest: -1)."""
    if sentiment is None:
        return topics
    not_neg = np.asarray(sentiment) != "negative"
    pain = np.flatnonzero(by_complaints(shares))
    return np.where(np.isin(topics, pain) & not_neg, OUTLIER, topics)


def words_channel(docs: list[str], languages: list[str], params: TopicParams, banned: frozenset[str],
                  embed: Embed | None) -> np.ndarray | None:
    """The words channel ``params.words`` asks for on ``docs`` (``None``: off, no encoder, or too few words)."""
    if params.words not in WORDS_CHANNELS:
        raise ValueError(f"themes.words must be one of {', '.join(WORDS_CHANNELS)}, not {params.words!r}")
    if params.words == "vectors" and embed is not None:
        return word_vectors(docs, embed, banned, languages)
    if params.words == "lsa":
        return lexical_vectors(docs, params.seed, banned)
    return None


def fit_topics(docs: list[str], embeddings: np.ndarray, params: TopicParams | None = None,
               languages: list[str] | None = None, sentiment: list[str] | None = None,
               previous: np.ndarray | None = None, score: Scorer | None = None,
               embed: Embed | None = None, touchpoints: list[str | None] | None = None) -> TopicResult:
    """Partition (a sample of) the items into topics, assign every item, describe each topic.

    Args:
        docs: normalised texts (key phrases are counted on these).
        embeddings: (n, d) embeddings aligned with ``docs``, in the theme space.
        params: fit parameters; defaults when ``None``.
        languages: language code per doc, for per-language key phrases (``None``: one language).
        sentiment: ``negative`` | ``neutral`` | ``positive`` per doc; mostly negative topics take their key
            phrases from their negative items (``None``: from all).
        previous: (m, d) centroids of the themes the last refit found; the partition starts from them so that
            a refit keeps item -> theme ids (``None``: a cold start).
        score: sentiment of short texts, ``(n, 3)`` probabilities negative, neutral, positive; key phrases
            leaning to the other side of their theme are dropped (:mod:`suara.nlp.topics.polarity`; ``None``:
            kept).
        embed: the encoder, for the words channel (``params.words == "vectors"``; ``None``: no words channel).
        touchpoints: each item's complaint touchpoint (its first negative mention's, else its primary link's:
            ``warehouse/sql/themes/items.sql``; ``None``: unlinked), for the touchpoint channel
            (``params.touchpoint_weight``; ``None``: no channel).

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
    # The partition sees the encoder and the items' own words side by side (topics.wordvec, topics.lexical).
    sample_docs = [docs[i] for i in idx]
    banned = handle_words(sample_docs, known=params.brand_words)
    channel = words_channel(sample_docs, [languages[i] for i in idx], params, banned, embed)
    said = emb[idx] if channel is None else side_by_side(emb[idx], channel)
    block = touchpoint_block([touchpoints[i] for i in idx]) if touchpoints is not None else None
    guided = block is not None and params.touchpoint_weight > 0
    joint = side_by_side(emb[idx], channel, block, params.touchpoint_weight) if guided else said
    start = None
    if previous is not None and len(previous):
        start = joint_centroids(emb[idx], joint, previous) if joint.shape[1] != emb.shape[1] else previous
    raw = partition(joint, params.min_cluster_size(len(idx)), params.merge_sd, params.seed, start,
                    said if guided else None)
    raw = renumber_by_size(raw)
    t1 = time.perf_counter()
    topics, sims, centroids, threshold = _assign_rest(emb, idx, raw, params)
    k = centroids.shape[0]
    shares = negative_share(topics, sentiment, k)
    kw_topics = keyword_topics(topics, sentiment, shares)[idx]
    keywords = key_phrases(sample_docs, kw_topics, k, params.top_n_words, params.ngram_range, banned)
    by_language = keywords_by_language(sample_docs, kw_topics, [languages[i] for i in idx], k, params.top_n_words,
                                       params.ngram_range, banned)
    keywords, by_language, voice = side_keywords(keywords, by_language, theme_sides(topics, sentiment, k), score,
                                                 own=by_complaints(shares) if sentiment is not None else None)
    complaints = None
    if sentiment is not None:
        complaints = complaint_phrases(sample_docs, topics[idx], [sentiment[i] for i in idx],
                                       [languages[i] for i in idx], shares, params, banned, score)
        own = by_complaints(shares)
        for t in np.flatnonzero(own):  # already described by their complaints
            complaints.keywords[t], complaints.voice[t] = keywords[t], voice[t]
            for lang, lists in complaints.by_language.items():
                lists[t] = by_language.get(lang, [[]] * k)[t]
    timings = {"fit_s": round(t1 - t0, 2), "assign_s": round(time.perf_counter() - t1, 2)}
    return TopicResult(topics, sims, centroids, keywords, len(idx), 0.0, timings, by_language, threshold, 0, shares,
                       voice, complaints)


def complaint_phrases(docs: list[str], topics: np.ndarray, sentiment: list[str], languages: list[str],
                      shares: np.ndarray, params: TopicParams, banned: frozenset[str],
                      score: Scorer | None) -> Complaints:
    """Key phrases of each topic's negative ``docs`` against the whole corpus, praise dropped (see :class:`Complaints`).

    Topics described by their complaints already (:func:`by_complaints`) are skipped (empty lists): the caller
    has their key phrases. Unlike those, a phrase the model reads as praise is always dropped here, even the last
    one: the theme's own label covers its praise.
    """
    k = len(shares)
    negative = np.asarray(sentiment) == "negative"
    mine = np.where(negative & ~by_complaints(shares)[np.maximum(topics, 0)] & (topics >= 0), topics, OUTLIER)
    keywords = key_phrases(docs, mine, k, params.top_n_words, params.ngram_range, banned)
    by_language = keywords_by_language(docs, mine, languages, k, params.top_n_words, params.ngram_range, banned)
    sides = np.where([bool(kws) for kws in keywords], PAIN, NONE)
    keywords, by_language, voice = side_keywords(keywords, by_language, sides, score)
    return Complaints(keywords, by_language, voice)
