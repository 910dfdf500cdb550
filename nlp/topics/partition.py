"""Themes as a partition: spherical k-means over-clustering, merged and pruned by data-relative bars (issue 11).

UMAP + HDBSCAN with a smallest cluster of 1% found density *blobs* on real feedback: two themes for 5,400
marketplace reviews (one positive, one negative), one per @handle on airline tweets. Feedback about different
problems is rarely separated by low-density gaps in a sentence-embedding space; it is a continuum with denser
regions. So the theme step partitions instead:

1. k-means (cosine, on normalised rows) with ``k0 = ceil(sqrt(n / 2))`` clusters: about 39 for 3,000 items,
   100 for 20,000, so the granularity follows the data size (tens of themes for thousands of items);
2. clusters whose centred centroids are unusually similar for *this* data (complete-linkage cosine above the
   median plus ``merge_sd`` robust standard deviations of all centroid pairs' cosines) are merged: the same
   problem split twice (3 sd: on HoASA, MAMS, gplay, SXSW, Apple and the demo together, 2 sd let chains of
   merges build blobs of up to 19.5% of the items, 3 sd keeps every largest theme under 11% and NMI equal or
   higher);
3. clusters below the smallest theme size (``min_topic_share`` of the items, at least ``min_topic_size``)
   are dissolved into their nearest surviving cluster.

Every bar is relative: to the number of items and to the distribution of centroid similarities.
"""

from __future__ import annotations

import math

import numpy as np
from suara.nlp.topics.space import normalize_rows

OUTLIER = -1


def initial_k(n: int, min_size: int) -> int:
    """Clusters k-means starts from: ``ceil(sqrt(n / 2))``, never more than ``n / min_size`` (and at least 1)."""
    return max(1, min(math.ceil(math.sqrt(n / 2)), n // max(min_size, 1)))


def kmeans(x: np.ndarray, k: int, seed: int, init: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cluster of each (normalised) row and the centroids, from scikit-learn's k-means (fixed seed).

    ``init`` (k rows) starts k-means there instead of from k-means++ seeds.
    """
    from sklearn.cluster import KMeans

    if k <= 1 or len(x) <= k:
        return np.zeros(len(x), dtype=np.int64), x.mean(axis=0, keepdims=True)
    if init is not None:
        model = KMeans(k, init=init, n_init=1, random_state=seed, max_iter=100).fit(x)
    else:
        model = KMeans(k, n_init=1, random_state=seed, max_iter=100).fit(x)
    return model.labels_.astype(np.int64), model.cluster_centers_


def warm_seeds(x: np.ndarray, previous: np.ndarray, k: int, seed: int) -> np.ndarray:
    """k-means starts for a refit: the previous refit's theme centroids, plus fresh ones for new topics.

    Starting from the themes a refit already knows keeps item -> theme ids stable across refits (issue 11).
    A centroid of a cold k-means run (``k`` clusters) is added only when it is farther from every known theme
    than the known themes typically are from their nearest neighbour: a topic the registry does not have.
    """
    prev = normalize_rows(previous)
    if len(prev) < 2:
        return prev.astype(np.float64) if len(prev) else normalize_rows(kmeans(x, k, seed)[1]).astype(np.float64)
    centre = x.mean(axis=0)
    known = normalize_rows(prev - centre)
    between = known @ known.T
    np.fill_diagonal(between, -np.inf)
    typical = float(np.median(between.max(axis=1)))
    cold = normalize_rows(kmeans(x, k, seed)[1])
    novel = (normalize_rows(cold - centre) @ known.T).max(axis=1) < typical
    return np.vstack([prev, cold[novel]]).astype(np.float64)


def centred_centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Normalised centroids of clusters ``0..k-1`` after subtracting the mean of all rows."""
    centre = x.mean(axis=0)
    rows = [x[labels == t].mean(axis=0) - centre if (labels == t).any() else np.zeros(x.shape[1]) for t in range(k)]
    return normalize_rows(np.stack(rows))


def relative_merge_bar(cents: np.ndarray, merge_sd: float) -> float:
    """Median plus ``merge_sd`` robust standard deviations (1.4826 MAD) of the pairwise cosines of ``cents``.

    Median and MAD, not mean and standard deviation: when the data has few topics, many cluster pairs are
    duplicates of one topic, and those high cosines would inflate a mean-based bar until nothing merges.
    """
    k = len(cents)
    if k < 3:
        return 1.0
    sims = (cents @ cents.T)[np.triu_indices(k, 1)]
    median = float(np.median(sims))
    spread = 1.4826 * float(np.median(np.abs(sims - median)))
    return float(min(0.999, median + merge_sd * spread))


def merge_close(x: np.ndarray, labels: np.ndarray, merge_sd: float) -> np.ndarray:
    """Merge clusters whose centred centroids are all pairwise at least as similar as the relative bar."""
    from scipy.cluster.hierarchy import fcluster, linkage

    k = int(labels.max()) + 1 if len(labels) else 0
    if k < 3:
        return labels
    cents = centred_centroids(x, labels, k)
    bar = relative_merge_bar(cents, merge_sd)
    dist = np.clip(1.0 - cents @ cents.T, 0.0, 2.0)[np.triu_indices(k, 1)]
    # Complete linkage: every pair in a merged group clears the bar. Average linkage chained clusters into one
    # blob (937 of the demo's 5,400 items; gplay's largest theme 19.5%).
    group = fcluster(linkage(dist, "complete"), 1.0 - bar, "distance") - 1
    return group[labels].astype(np.int64)


def dissolve_small(x: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Move members of clusters smaller than ``min_size`` to the nearest cluster that is large enough."""
    ids, sizes = np.unique(labels, return_counts=True)
    keep = ids[sizes >= min_size]
    if len(keep) == 0:
        keep = ids[[int(sizes.argmax())]]
    if len(keep) == len(ids):
        return labels
    cents = normalize_rows(np.stack([x[labels == t].mean(axis=0) for t in keep]))
    nearest = keep[(x @ cents.T).argmax(axis=1)]
    return np.where(np.isin(labels, keep), labels, nearest)


def partition(x: np.ndarray, min_size: int, merge_sd: float, seed: int,
              previous: np.ndarray | None = None, merge_on: np.ndarray | None = None) -> np.ndarray:
    """Topic of each normalised row: k-means over-clustering, relative merge, small clusters dissolved.

    Args:
        x: (n, d) normalised rows in the theme space.
        min_size: smallest theme kept.
        merge_sd: standard deviations above the mean centroid-pair cosine at which clusters merge.
        seed: k-means random state.
        previous: centroids of the themes the last refit found (k-means starts from them), or ``None``.
        merge_on: the rows the merge compares clusters in (default ``x``): what the items say, without the
            touchpoint channel, whose shared block would lift every pair of clusters of one touchpoint over the bar.

    Returns:
        Topic ids ``0..k-1`` aligned with ``x`` (not yet ordered by size).
    """
    if len(x) < 2 * min_size:
        return np.zeros(len(x), dtype=np.int64)
    k = initial_k(len(x), min_size)
    init = warm_seeds(x, previous, k, seed) if previous is not None and len(previous) and k > 1 else None
    labels, _ = kmeans(x, k if init is None else len(init), seed, init)
    if init is None:
        # A warm start needs no merge: known themes were merged when found, new seeds are distinct by choice.
        labels = merge_close(x if merge_on is None else merge_on, labels, merge_sd)
    labels = dissolve_small(x, labels, min_size)
    return np.unique(labels, return_inverse=True)[1].astype(np.int64)
