"""The sentiment interface every backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from suara.nlp.sentiment.labels import LABEL_INDEX, LABELS


@dataclass(frozen=True)
class SentimentResult:
    """Sentiment of a batch of texts.

    Attributes:
        labels: one of ``negative`` / ``neutral`` / ``positive`` per text (the most probable class).
        scores: ``p(positive) - p(negative)`` per text, in -1..1.
        proba: calibrated class probabilities, shape (n, 3), columns in :data:`LABELS` order.
        model_id: the model that produced them (stored with every scored row).
    """

    labels: list[str]
    scores: np.ndarray
    proba: np.ndarray
    model_id: str

    def __len__(self) -> int:
        return len(self.labels)

    @classmethod
    def from_proba(cls, proba: np.ndarray, model_id: str) -> SentimentResult:
        """Build a result from an (n, 3) probability matrix in :data:`LABELS` order."""
        proba = np.asarray(proba, dtype=np.float64).reshape(-1, len(LABELS))
        proba = proba / np.clip(proba.sum(axis=1, keepdims=True), 1e-12, None)
        labels = [LABELS[i] for i in proba.argmax(axis=1)]
        scores = np.clip(proba[:, LABEL_INDEX["positive"]] - proba[:, LABEL_INDEX["negative"]], -1.0, 1.0)
        return cls(labels, scores.astype(np.float32), proba.astype(np.float32), model_id)


class SentimentModel(ABC):
    """A three-class sentiment classifier (scikit-learn shaped: parts injected, fitted state in ``*_``)."""

    model_id: str
    """Identifier stored with each scored row; changes whenever the model's behaviour changes."""

    uses_embeddings: bool = False
    """True when :meth:`predict_from_embeddings` works (the enrichment pass then embeds once for both)."""

    encodes_embeddings: bool = False
    """True when :meth:`embed_and_predict` returns embeddings and sentiment from one encoder pass."""

    def embed_and_predict(self, texts: Sequence[str]) -> tuple[np.ndarray, SentimentResult]:
        """Embeddings and sentiment of ``texts`` from one pass (see :attr:`encodes_embeddings`).

        Raises:
            NotImplementedError: the backend does not share the embedder's pass.
        """
        raise NotImplementedError(f"{type(self).__name__} does not embed; call predict(texts)")

    @abstractmethod
    def predict(self, texts: Sequence[str]) -> SentimentResult:
        """Classify raw texts."""

    feature_layers: tuple[int, ...] = ()
    """Encoder layers whose pooled states :meth:`predict_from_embeddings` also needs (empty: none)."""

    def predict_from_embeddings(
        self, embeddings: np.ndarray, features: np.ndarray | None = None
    ) -> SentimentResult:
        """Classify from sentence embeddings the caller already computed with the matching encoder.

        Args:
            embeddings: (n, dim) sentence embeddings.
            features: pooled states of :attr:`feature_layers` from the same forward pass, if any.

        Raises:
            NotImplementedError: the backend reads text, not embeddings (see :attr:`uses_embeddings`).
        """
        raise NotImplementedError(f"{type(self).__name__} needs texts; call predict(texts)")


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically stable."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
