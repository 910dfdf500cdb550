"""Hugging Face backend: any local or cached ``transformers`` text-classification model.

The model's labels are folded onto :data:`LABELS` by a mapping matrix: explicit
``sentiment.label_map`` entries first (keys may be label names or class indices), then common
names (``positive``/``neg``/...), then star ratings (1-2 stars negative, 3 neutral, 4-5 positive).
A two-class model gets a zero neutral column, so it never predicts neutral. Never downloads:
models load with ``local_files_only=True``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from suara.nlp.sentiment.base import SentimentModel, SentimentResult, softmax
from suara.nlp.sentiment.labels import LABEL_INDEX, LABELS, canonical_label

_STARS = re.compile(r"^\s*(\d)\s*(?:stars?|bintang)?\s*$", re.IGNORECASE)


def _star_label(name: str) -> str | None:
    match = _STARS.match(name)
    if not match or not 1 <= int(match.group(1)) <= 5:
        return None
    return LABELS[0] if int(match.group(1)) <= 2 else LABELS[1] if int(match.group(1)) == 3 else LABELS[2]


def mapping_matrix(id2label: dict[int, str], label_map: dict[str, str] | None = None) -> np.ndarray:
    """(k, 3) 0/1 matrix taking the model's k class probabilities to :data:`LABELS` order.

    Raises:
        ValueError: a model label cannot be mapped (the message lists them and names the config key).
    """
    label_map = label_map or {}
    matrix = np.zeros((len(id2label), len(LABELS)), dtype=np.float64)
    unmapped = []
    for idx, name in sorted(id2label.items()):
        target = None
        for key in (name, str(idx)):
            if key in label_map:
                target = canonical_label(label_map[key])
                break
        target = target or canonical_label(name) or _star_label(name)
        if target is None:
            unmapped.append(f"{idx}={name}")
            continue
        matrix[idx, LABEL_INDEX[target]] = 1.0
    if unmapped:
        raise ValueError(
            f"cannot map model labels {', '.join(unmapped)} to {'/'.join(LABELS)}; set sentiment.label_map, "
            'e.g. {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive"}'
        )
    return matrix


class HFSentiment(SentimentModel):
    """A ``transformers`` sequence-classification model behind the sentiment interface.

    Args:
        model: model id (already in the local Hugging Face cache) or a local folder.
        label_map: model label (or class index) → positive / neutral / negative.
        batch_size: texts per forward pass.
        max_length: tokens kept per text (the model's own limit).
    """

    def __init__(self, model: str, label_map: dict[str, str] | None = None, batch_size: int = 32,
                 max_length: int = 512) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model, local_files_only=True)
            self.model_ = AutoModelForSequenceClassification.from_pretrained(model, local_files_only=True)
        except OSError as exc:
            raise FileNotFoundError(
                f"sentiment.model {model!r}: not a local folder or cached model (Suara never downloads)"
            ) from exc
        self.model_.eval()
        id2label = {int(k): str(v) for k, v in self.model_.config.id2label.items()}
        self.mapping_ = mapping_matrix(id2label, label_map)
        self.batch_size = batch_size
        model_max = getattr(self.tokenizer, "model_max_length", None) or max_length
        self.max_length = min(max_length, model_max)
        self.model_id = f"hf:{model}"

    def _logits(self, texts: list[str]) -> np.ndarray:
        import torch

        enc = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length,
                             return_tensors="pt")
        with torch.inference_mode():
            return self.model_(**enc).logits.float().numpy()

    def predict(self, texts: Sequence[str]) -> SentimentResult:
        """Classify texts in batches sorted by length (less padding)."""
        texts = list(texts)
        proba = np.zeros((len(texts), len(LABELS)))
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            model_proba = softmax(self._logits([texts[i] for i in idx]).astype(np.float64))
            proba[idx] = model_proba @ self.mapping_
        return SentimentResult.from_proba(proba, self.model_id)
