"""Sentiment artefacts on disk: an ``.npz`` of arrays beside a JSON card, and the model id derived from them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
from suara.nlp.sentiment.features import ENCODER_FAMILY


def artefact_model_id(kind: str, path: Path) -> str:
    """Model id of a sentiment artefact: kind, encoder family and a short hash of its bytes (any retrain shows)."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]
    return f"suara-{kind}-{ENCODER_FAMILY}@{digest}"


def save_artefact(path: Path, arrays: dict[str, np.ndarray], card: dict[str, Any]) -> Path:
    """Write ``arrays`` to ``path`` (compressed .npz) and ``card`` to the sibling ``.json``; returns ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **{k: np.asarray(v) for k, v in arrays.items()})
    path.with_suffix(".json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", "utf-8")
    return path


def load_artefact(path: Path, what: str) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays of ``path`` and its card (empty when the ``.json`` is missing).

    Raises:
        FileNotFoundError: the npz file is missing (the message names ``what`` and how to rebuild it).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: {what} not found (run `suara train`)")
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    card_path = path.with_suffix(".json")
    return arrays, json.loads(card_path.read_text("utf-8")) if card_path.exists() else {}
