"""What the touchpoint linker compares text with: prototype phrases, background phrases, keyword rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from suara.nlp.taxonomy import Taxonomy, Touchpoint

QUERY = "query: "
BACKGROUND = (
    "terima kasih", "ok", "biasa saja", "saya tidak tahu", "hari ini cuaca cerah", "tidak ada komentar",
    "thank you", "nothing to add", "just a normal day", "no comment",
)
"""Topic-free phrases added to the baseline a clause's similarities are measured against, so that a
taxonomy with only a few touchpoints still has a meaningful "no topic" reference."""


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern | None:
    """One case-insensitive regex matching any keyword as a whole word.

    A keyword ending in ``*`` matches any word starting with it; other keywords may carry an
    Indonesian enclitic (-nya, -ku, -mu, -lah, -kah, -pun). Spaces match any whitespace.
    """
    parts = []
    for kw in keywords:
        kw = kw.strip().lower()
        if not kw:
            continue
        prefix = kw.endswith("*")
        body = re.escape(kw.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if prefix else r"(?:nya|ku|mu|lah|kah|pun)?"))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


_PROTOTYPE_CACHE: dict[tuple, np.ndarray] = {}


def embed_prototypes(embedder: Any, texts: list[str]) -> np.ndarray:
    """Embeddings of prototype or background ``texts`` (``query: `` prefix), cached per model and texts."""
    # Several linkers per process (nightly link, eval) share one taxonomy: embed it once per model.
    key = (getattr(embedder, "model_id", None) or id(embedder), tuple(texts))
    if key not in _PROTOTYPE_CACHE:
        if len(_PROTOTYPE_CACHE) >= 8:
            _PROTOTYPE_CACHE.pop(next(iter(_PROTOTYPE_CACHE)))
        _PROTOTYPE_CACHE[key] = np.asarray(embedder.embed(texts, prefix=QUERY), dtype=np.float32)
    return _PROTOTYPE_CACHE[key]


def prototype_texts(taxonomy: Taxonomy) -> tuple[list[str], list[int]]:
    """Texts the linker embeds for a taxonomy and the touchpoint index each belongs to."""
    texts, owner = [], []
    for t, tp in enumerate(taxonomy.touchpoints):
        proto = _prototypes(tp)
        texts.extend(proto)
        owner.extend([t] * len(proto))
    return texts, owner


def _prototypes(tp: Touchpoint) -> list[str]:
    return tp.prototype_texts() or [tp.name.get("en") or next(iter(tp.name.values()))]
