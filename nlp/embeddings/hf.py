"""Any Hugging Face / sentence-transformers encoder (model id or local path) with mean pooling.

Long texts are split into windows of the model's maximum length and averaged by token count, like
the e5 backends, instead of being truncated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from suara.nlp.embeddings.base import EmbeddingBackend, l2_normalize, window_spans

_OFFSET_POSITION_MODELS = {"roberta", "xlm-roberta", "camembert", "longformer"}
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt")


class HFEmbedder(EmbeddingBackend):
    """Mean-pooled sentence embeddings from ``transformers``' ``AutoModel``.

    Args:
        model: a Hugging Face model id (must already be in the local cache: the job runs offline) or a
            local folder written by ``save_pretrained``.
        threads: torch intra-op threads (process-wide); ``None`` keeps torch's default.
        batch_size: windows per forward pass.
        use_prefix: prepend the ``prefix`` given to :meth:`embed`; default: only for e5 models.
    """

    def __init__(
        self, model: str, *, threads: int | None = None, batch_size: int = 32, use_prefix: bool | None = None
    ) -> None:
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - torch/transformers are core dependencies
            raise ImportError("the hf embedding backend needs `torch` and `transformers`") from exc
        if threads:
            torch.set_num_threads(int(threads))
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.model = AutoModel.from_pretrained(model).eval()
        self.dim = int(self.model.config.hidden_size)
        self.batch_size = batch_size
        self.use_prefix = "e5" in model.lower() if use_prefix is None else use_prefix
        self.max_tokens = self._max_tokens()
        self.head, self.tail = self._special_template()
        self.window = self.max_tokens - len(self.head) - len(self.tail)
        self.model_id = f"hf:{model}@{_model_version(model, self.model.config)}/mean"

    def embed(self, texts: Sequence[str], *, prefix: str = "query: ") -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings ``(n, dim)``; see :class:`EmbeddingBackend`."""
        texts = [(prefix + t) if self.use_prefix else t for t in texts]
        n = len(texts)
        sums = np.zeros((n, self.dim), dtype=np.float64)
        weights = np.zeros(n, dtype=np.float64)
        windows = []
        for i, text in enumerate(texts):
            ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
            for start, end in window_spans(len(ids), self.window):
                windows.append((i, self.head + ids[start:end] + self.tail, max(end - start, 1)))
        windows.sort(key=lambda w: len(w[1]))
        for start in range(0, len(windows), self.batch_size):
            batch = windows[start : start + self.batch_size]
            pooled = self._forward([w[1] for w in batch])
            for (i, _, weight), row in zip(batch, pooled, strict=True):
                sums[i] += weight * row
                weights[i] += weight
        return l2_normalize(sums / np.maximum(weights, 1.0)[:, None])

    def _forward(self, sequences: list[list[int]]) -> np.ndarray:
        import torch

        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        width = max(len(s) for s in sequences)
        input_ids = torch.full((len(sequences), width), pad, dtype=torch.long)
        mask = torch.zeros((len(sequences), width), dtype=torch.long)
        for row, seq in enumerate(sequences):
            input_ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
            mask[row, : len(seq)] = 1
        with torch.inference_mode():
            hidden = self.model(input_ids=input_ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return ((hidden * m).sum(dim=1) / m.sum(dim=1)).float().numpy()

    def _max_tokens(self) -> int:
        config = self.model.config
        limit = int(getattr(config, "max_position_embeddings", 512) or 512)
        if getattr(config, "model_type", "") in _OFFSET_POSITION_MODELS:
            limit -= 2  # positions start after the padding index
        tok_limit = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tok_limit, int) and 0 < tok_limit < 100_000:
            limit = min(limit, tok_limit)
        return limit

    def _special_template(self) -> tuple[list[int], list[int]]:
        """The special tokens the tokenizer puts before and after content (e.g. ``[CLS]``/``[SEP]``)."""
        probe = "hello world"
        bare = self.tokenizer(probe, add_special_tokens=False)["input_ids"]
        full = self.tokenizer(probe, add_special_tokens=True)["input_ids"]
        for start in range(len(full) - len(bare) + 1):
            if full[start : start + len(bare)] == bare:
                return full[:start], full[start + len(bare) :]
        return [], []


def _model_version(model: str, config) -> str:
    """A short fingerprint that changes when the model changes (hub commit, or local file fingerprint)."""
    path = Path(model)
    if not path.is_dir():
        commit = getattr(config, "_commit_hash", None)
        return (commit or "unknown")[:12]
    digest = hashlib.sha256()
    for file in sorted(path.iterdir()):
        if file.name == "config.json" or file.suffix in _WEIGHT_SUFFIXES:
            stat = file.stat()
            digest.update(f"{file.name}:{stat.st_size}".encode())
            with open(file, "rb") as fh:
                digest.update(fh.read(1 << 20))
                if stat.st_size > 1 << 20:
                    fh.seek(-(1 << 20), 2)
                    digest.update(fh.read())
    return digest.hexdigest()[:12]
