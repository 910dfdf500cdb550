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
