"""Config section of the sentiment backend."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from suara.nlp.section import Section


class SentimentConfig(Section):
    """Sentiment backend."""

    backend: Literal["default", "hf"] = "default"
    """`default`: Suara's trained LoRA adapter on the e5 encoder; `hf`: a Hugging Face text-classification model."""
    model: str | None = None
    """Model id or local path for the `hf` backend; for `default`, another adapter or head file from `suara train`."""
    label_map: dict[str, str] = Field(default_factory=dict)
    """Map from the model's label names to positive / neutral / negative (hf backend)."""
    batch_size: int = 32
    """Texts per forward pass of the hf backend."""
    adapt_priors: bool = True
    """Adapt each source's sentiment to its class mix: where the source has ratings, CSAT or NPS, a correction fitted
    on half its extreme-scored items is kept only when it raises agreement on the other half (per source, each run)."""
    unchecked_damping: float = 0.0
    """Share (0-1, exponent of the prior ratio) of an EM prior shift applied to sources without scores to check it;
    0 leaves them as scored (unchecked EM lowered macro-F1 on 5 of 7 out-of-domain sets, `bench/sentiment_ood.py`)."""
