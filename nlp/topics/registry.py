"""Matching a refit's topics to the registry's existing themes (stable ids).

Rules, on centroid cosine similarity ``S[old, new]`` and a threshold:

* every new topic picks its most similar old theme when ``S >= threshold``;
* an old theme picked by several new topics is **split**: the largest keeps the id
  (``matched``), the others get new ids (``split``, related to the old id);
* an old theme picked by exactly one new topic is **matched** (keeps its id);
* an old theme picked by none but ``>= threshold`` to a new topic that took another
  id is **merged** into that id;
* an old theme with no new topic above the threshold is **retired**;
* a new topic with no old theme above the threshold is **new**.

Similarities are taken after subtracting a ``centre`` (the mean embedding of the
window): sentence encoders such as e5 put every text in a narrow cone, so raw
centroid cosines of *different* themes are 0.85-0.95 and hardly differ from the
same theme's 0.99; centred, different themes fall below ~0.3 while the same
theme stays above ~0.85 (measured on the e5 embeddings of the test corpus).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class LineageEvent:
    """One lineage row: what happened to a theme in a refit."""

    event: str
    """``new`` | ``matched`` | ``merged`` | ``split`` | ``retired``."""
    theme_id: str
    """The theme the event is about (for ``merged``: the old theme that was absorbed)."""
    related: tuple[str, ...] = ()
    """Related ids (``merged``: the surviving id; ``split``: the parent id)."""
    similarity: float | None = None


@dataclass
class MatchResult:
    """Theme id of each new topic plus the lineage of the refit."""

    ids: list[str]
    """Theme id per new topic (index = new topic number)."""
    events: list[LineageEvent] = field(default_factory=list)

    def of(self, event: str) -> list[LineageEvent]:
        """The events of one kind."""
        return [e for e in self.events if e.event == event]


def cosine_matrix(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Cosine similarity between rows of ``old`` and rows of ``new``."""
    if old.size == 0 or new.size == 0:
        return np.zeros((old.shape[0], new.shape[0]), dtype=np.float32)
    a = old / np.maximum(np.linalg.norm(old, axis=1, keepdims=True), 1e-12)
    b = new / np.maximum(np.linalg.norm(new, axis=1, keepdims=True), 1e-12)
    return a @ b.T


def match_topics(
    old_ids: list[str],
    old_centroids: np.ndarray,
    new_centroids: np.ndarray,
    new_sizes: list[int],
    threshold: float,
    next_id,
    centre: np.ndarray | None = None,
) -> MatchResult:
    """Give every new topic a theme id and describe the refit as lineage events.

    Args:
        old_ids: active theme ids, aligned with ``old_centroids``.
        old_centroids: (m, d) centroids of the active themes.
        new_centroids: (k, d) centroids of the refit's topics.
        new_sizes: items per new topic (the largest child of a split keeps the id).
        threshold: minimum cosine similarity for two themes to be the same.
        next_id: callable returning a fresh theme id each call.
        centre: vector subtracted from every centroid before comparing (the window's mean embedding).
    """
    old, new = np.asarray(old_centroids, dtype=np.float64), np.asarray(new_centroids, dtype=np.float64)
    if centre is not None and old.size and new.size:
        old, new = old - centre, new - centre
    sim = cosine_matrix(old, new)
    k = sim.shape[1]
    parent = [int(sim[:, j].argmax()) if sim.shape[0] and sim[:, j].max() >= threshold else -1 for j in range(k)]
    ids: list[str | None] = [None] * k
    events: list[LineageEvent] = []
    for i, old_id in enumerate(old_ids):
        children = sorted((j for j in range(k) if parent[j] == i), key=lambda j: (-new_sizes[j], -sim[i, j], j))
        if not children:
            continue
        ids[children[0]] = old_id
        events.append(LineageEvent("matched", old_id, (), float(sim[i, children[0]])))
        for j in children[1:]:
            ids[j] = next_id()
            events.append(LineageEvent("split", ids[j], (old_id,), float(sim[i, j])))
    for j in range(k):
        if ids[j] is None:
            ids[j] = next_id()
            events.append(LineageEvent("new", ids[j], (), None))
    for i, old_id in enumerate(old_ids):
        if any(parent[j] == i for j in range(k)):
            continue
        best = int(sim[i].argmax()) if k else -1
        if best >= 0 and sim[i, best] >= threshold:
            events.append(LineageEvent("merged", old_id, (ids[best],), float(sim[i, best])))
        else:
            events.append(LineageEvent("retired", old_id, (), float(sim[i, best]) if best >= 0 else None))
    return MatchResult([str(i) for i in ids], events)
