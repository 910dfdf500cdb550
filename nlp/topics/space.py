"""The theme space: embeddings with each language's mean removed.

Multilingual sentence encoders such as e5 place an Indonesian sentence and its
English translation close together (cosine ~0.85), but every text also carries a
language component shared by all texts of that language. Clustering raw vectors
therefore splits one problem into an Indonesian and an English topic. Subtracting
each language's mean embedding (over the window the model is fitted on) removes
that shared offset (Libovický et al., 2020, "On the language neutrality of
pre-trained multilingual representations"): on the demo data the centred
centroids of the same theme in the two languages move from cosine ~0.47 to
~0.69, while different themes stay below ~0.3 (median). The same subtraction also
removes the encoder's common direction, so cosines between centroids spread out.

Languages with fewer than ``MIN_LANGUAGE_ITEMS`` items (and unknown codes at
assignment time) use the mean of all items (key ``ALL``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ALL = "*"
"""Key of the all-items mean, used for languages without their own."""
MIN_LANGUAGE_ITEMS = 50
"""Items a language needs in the fitted window to get its own mean."""


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """L2-normalise rows (zero rows stay zero) as float32."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


@dataclass
class LanguageSpace:
    """Per-language mean embeddings; ``transform`` subtracts them and re-normalises."""

    means_: dict[str, np.ndarray] = field(default_factory=dict)
    """Mean embedding per language code (``ALL``: every item)."""
    counts_: dict[str, int] = field(default_factory=dict)
    """Items behind each mean."""

    def fit(self, embeddings: np.ndarray, languages: list[str]) -> LanguageSpace:
        """Learn each language's mean embedding (and the all-items mean) from normalised embeddings."""
        emb = np.asarray(embeddings, dtype=np.float32)
        langs = np.asarray(languages)
        self.means_, self.counts_ = {}, {}
        if len(emb) == 0:
            return self
        self.means_[ALL], self.counts_[ALL] = emb.mean(axis=0), len(emb)
        for lang in sorted(set(languages)):
            rows = langs == lang
            if rows.sum() >= MIN_LANGUAGE_ITEMS:
                self.means_[lang], self.counts_[lang] = emb[rows].mean(axis=0), int(rows.sum())
        return self

    def transform(self, embeddings: np.ndarray, languages: list[str]) -> np.ndarray:
        """Subtract each row's language mean (``ALL`` when unknown) and L2-normalise; identity when unfitted."""
        emb = np.asarray(embeddings, dtype=np.float32)
        if not self.means_ or len(emb) == 0:
            return normalize_rows(emb)
        offsets = np.empty_like(emb)
        langs = np.asarray(languages)
        for lang in set(languages):
            offsets[langs == lang] = self.means_.get(lang, self.means_[ALL])
        return normalize_rows(emb - offsets)

    def rows(self) -> list[tuple[str, list[float], int]]:
        """``(language, mean, items)`` rows for storage."""
        return [(lang, [float(x) for x in mean], self.counts_.get(lang, 0)) for lang, mean in self.means_.items()]

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> LanguageSpace:
        """Rebuild from stored ``(language, mean, items)`` rows (an empty list gives the identity space)."""
        space = cls()
        for lang, mean, items in rows:
            space.means_[lang] = np.asarray(mean, dtype=np.float32)
            space.counts_[lang] = int(items)
        return space


def side_by_side(embeddings: np.ndarray, words: np.ndarray | None,
                 touchpoints: np.ndarray | None = None, touchpoint_weight: float = 0.0) -> np.ndarray:
    """Each row's encoder vector and words vector (if any; unit length or zero) side by side, renormalised.

    Equal weights: on HoASA and MAMS a words-vector weight of 0.35 / 0.5 / 0.6 scored NMI 0.472 / 0.480 / 0.480
    and 0.230 / 0.234 / 0.244, with the largest theme growing from 6% to 8% of the items.

    ``touchpoints`` (optional, :func:`touchpoint_block`): a third block, the one-hot touchpoint of each row's
    complaint, weighted ``touchpoint_weight`` against the two unit blocks.
    """
    blocks = [normalize_rows(embeddings)] + ([normalize_rows(words)] if words is not None else [])
    if touchpoints is not None and touchpoint_weight > 0:
        blocks.append(np.asarray(touchpoints, dtype=np.float32) * np.float32(touchpoint_weight))
    return normalize_rows(np.hstack(blocks))


def touchpoint_block(touchpoints: list[str | None]) -> np.ndarray | None:
    """One-hot rows of each item's touchpoint; ``None`` when fewer than two touchpoints are named.

    An unlinked item (``None``) gets ``1/T`` on each of the ``T`` touchpoints: its block is then as similar to
    any other unlinked item's as to any touchpoint's, so the text alone places it. A zero row instead drew the
    unlinked items of a synthetic corpus into one theme (their block agrees with each other's and no one else's
    after the rows are renormalised).
    """
    names = sorted({t for t in touchpoints if t})
    if len(names) < 2:
        return None
    column = {name: i for i, name in enumerate(names)}
    block = np.full((len(touchpoints), len(names)), 1.0 / len(names), dtype=np.float32)
    for row, name in enumerate(touchpoints):
        if name:
            block[row] = 0.0
            block[row, column[name]] = 1.0
    return block


def joint_centroids(embeddings: np.ndarray, joint: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Joint-space (:func:`side_by_side`) centroids of the groups the encoder-space ``centroids`` draw.

    Empty groups are dropped.

    A refit starts k-means from the previous themes; those are known in the encoder space only, so each item
    joins its nearest previous centroid there and the joint-space mean of each group is the start.
    """
    nearest = (normalize_rows(embeddings) @ normalize_rows(centroids).T).argmax(axis=1)
    groups = [g for g in range(len(centroids)) if (nearest == g).any()]
    return normalize_rows(np.stack([joint[nearest == g].mean(axis=0) for g in groups])) if groups else joint[:0]
