"""Labelled sentiment data: the shared public sets and users' own CSV/TSV files.

The shared sets are read from ``../shared/data`` (never copied into the repository).
TweetEval has no dev split here, so a fixed 20% hold-out is cut with :data:`HOLDOUT_SEED`
(independent of the training seed): ``suara eval tweeteval:holdout`` scores exactly the rows
``suara train`` never saw.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from suara.nlp.sentiment.labels import LABELS, canonical_label, stars_label

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HOLDOUT_SEED = 20240917
"""Seed of the TweetEval 80/20 split; fixed forever so the hold-out never leaks into training."""
HOLDOUT_FRACTION = 0.2
SUBSAMPLE_SEED = 20240918
"""Seed of the fixed row order used when a training set is capped (independent of the training seed)."""
SHUFFLE_ABOVE = 5000

TRAIN_SETS = ("smsa-train", "nusax-id-train", "nusax-en-train", "tweeteval-train", "casa", "hoasa")
"""Shared sets the shipped model is trained on (openly licensed only: :data:`TRAIN_LICENCES`)."""
EXTRA_TRAIN_SETS = ("gplay-train",)
"""Openly licensed shared sets ``suara train --add-set`` can add to the pool. A candidate trained with
``gplay-train`` was measured and not shipped (issue 13 note): +0.116 on gplay-valid, flat elsewhere, NusaX-en
below its floor."""
TRAIN_LICENCES = {
    "smsa-train": "MIT", "nusax-id-train": "CC BY-SA 4.0", "nusax-en-train": "CC BY-SA 4.0",
    "tweeteval-train": "see tweeteval-sentiment/SOURCE.txt", "casa": "MIT", "hoasa": "MIT",
    "gplay-train": "MIT + CC BY 4.0",
}
"""Licence of each shared training set, as its ``SOURCE.txt`` states (written into the model card)."""
DEV_SETS = ("smsa-valid", "nusax-en-valid", "nusax-id-valid", "tweeteval-holdout")
"""Shared sets the default head is measured on (never trained on)."""


@dataclass(frozen=True)
class LabelledSet:
    """Texts with gold labels (one of :data:`LABELS`) and, when known, languages."""

    name: str
    texts: list[str]
    labels: list[str]
    langs: list[str] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def y(self) -> np.ndarray:
        """Gold labels as class indices in :data:`LABELS` order."""
        return np.array([LABELS.index(label) for label in self.labels], dtype=np.int64)

    def subset(self, idx: np.ndarray | list[int], name: str | None = None) -> LabelledSet:
        """The rows at ``idx``, in that order."""
        idx = [int(i) for i in idx]
        langs = [self.langs[i] for i in idx] if self.langs else None
        texts, labels = [self.texts[i] for i in idx], [self.labels[i] for i in idx]
        return LabelledSet(name or self.name, texts, labels, langs)


def capped(s: LabelledSet, max_rows: int | None) -> LabelledSet:
    """``s`` cut to ``max_rows`` rows taken in a fixed shuffled order (``s`` itself when ``max_rows`` is None).

    Sets of more than :data:`SHUFFLE_ABOVE` rows always come in that order once a cap is given (even a cap
    above their size), so a larger cap extends a smaller one and cached features stay valid; smaller
    sets within the cap are left as they are.
    """
    if max_rows is None or len(s) <= min(max_rows, SHUFFLE_ABOVE):
        return s
    order = np.random.default_rng(SUBSAMPLE_SEED).permutation(len(s))[:max_rows]
    return s.subset(order)


def _read_rows(path: Path, header: bool) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    delimiter = "\t" if (path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0]) else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    return rows[1:] if header else rows


def _smsa(root: Path, split: str) -> LabelledSet:
    rows = _read_rows(root / "indonlu-smsa" / f"{split}_preprocess.tsv", header=False)
    return LabelledSet(f"smsa-{split}", [r[0] for r in rows], [r[1] for r in rows], ["id"] * len(rows))


def _nusax(root: Path, lang: str, split: str) -> LabelledSet:
    folder = {"id": "indonesian", "en": "english"}[lang]
    rows = _read_rows(root / "nusax-senti" / folder / f"{split}.csv", header=True)
    texts, labels = [r[1] for r in rows], [r[2] for r in rows]
    return LabelledSet(f"nusax-{lang}-{split}", texts, labels, [lang] * len(rows))


def _tweeteval(root: Path, part: str) -> LabelledSet:
    folder = root / "tweeteval-sentiment"
    # split on "\n" only: tweets may hold other Unicode line separators
    texts = folder.joinpath("train_text.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
    codes = folder.joinpath("train_labels.txt").read_text(encoding="utf-8").split()
    mapping_lines = folder.joinpath("mapping.txt").read_text(encoding="utf-8").splitlines()
    mapping = dict(line.split("\t") for line in mapping_lines if line)
    if len(texts) != len(codes):
        raise ValueError(f"{folder}: {len(texts)} tweets but {len(codes)} labels")
    labels = [mapping[c] for c in codes]
    order = np.random.default_rng(HOLDOUT_SEED).permutation(len(texts))
    n_hold = int(round(HOLDOUT_FRACTION * len(texts)))
    idx = np.sort(order[:n_hold] if part == "holdout" else order[n_hold:])
    full = LabelledSet("tweeteval", [t.strip() for t in texts], labels, ["en"] * len(texts))
    return full.subset(idx, f"tweeteval-{part}")


def _aspect_set(root: Path, folder: str, name: str) -> LabelledSet:
    """Collapse aspect polarities to one item label; mixed items (incl. HoASA ``neg_pos``) are dropped."""
    rows = _read_rows(root / folder / "train_preprocess.csv", header=True)
    texts, labels = [], []
    for row in rows:
        polarities = {canonical_label(v) for v in row[1:]} - {"neutral"}
        if None in polarities or len(polarities) > 1:
            continue  # mixed item: no single honest label
        texts.append(row[0])
        labels.append(polarities.pop() if polarities else "neutral")
    return LabelledSet(name, texts, labels, ["id"] * len(texts))


_FULL_REVIEW = re.compile(r"^.*?\.\.\.Full Review", re.S)
"""The Play-store scraper's "<truncated text>...Full Review<full text>" artefact (the full text follows)."""


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _gplay_train(root: Path) -> LabelledSet:
    """``id_gplay_ecommerce/train.csv``, stars mapped 1-2/3/4-5, one row per distinct text.

    Duplicated texts ("Good", "Mantap") take their most common label; texts that also occur in
    ``validation.csv`` are dropped, so the scorecard's ``gplay-valid`` stays unseen.
    """
    folder = root / "id_gplay_ecommerce"
    rows = list(csv.DictReader(io.StringIO((folder / "train.csv").read_text(encoding="utf-8"))))
    held = {_norm(_FULL_REVIEW.sub("", r["text"])) for r in
            csv.DictReader(io.StringIO((folder / "validation.csv").read_text(encoding="utf-8")))}
    votes: dict[str, Counter] = {}
    first: dict[str, str] = {}
    for row in rows:
        text, label = _FULL_REVIEW.sub("", row["text"]).strip(), stars_label(row["stars"])
        key = _norm(text)
        if not key or label is None or key in held:
            continue
        first.setdefault(key, text)
        votes.setdefault(key, Counter())[label] += 1
    labels = [max(sorted(votes[k]), key=votes[k].__getitem__) for k in first]
    return LabelledSet("gplay-train", list(first.values()), labels, ["id"] * len(first))


def load_shared(name: str, root: Path | None = None) -> LabelledSet:
    """Load one shared set by name (see :data:`TRAIN_SETS` and :data:`DEV_SETS`).

    Raises:
        KeyError: unknown name.
        FileNotFoundError: the shared data folder is missing.
    """
    root = Path(root) if root else SHARED_DATA
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: shared data folder not found")
    loaders = {
        "smsa-train": lambda: _smsa(root, "train"), "smsa-valid": lambda: _smsa(root, "valid"),
        "tweeteval-train": lambda: _tweeteval(root, "train"),
        "tweeteval-holdout": lambda: _tweeteval(root, "holdout"),
        "casa": lambda: _aspect_set(root, "indonlu-casa", "casa"),
        "hoasa": lambda: _aspect_set(root, "indonlu-hoasa", "hoasa"),
        "gplay-train": lambda: _gplay_train(root),
    }
    for lang in ("id", "en"):
        for split in ("train", "valid"):
            loaders[f"nusax-{lang}-{split}"] = lambda lang=lang, split=split: _nusax(root, lang, split)
    if name not in loaders:
        raise KeyError(f"unknown shared set {name!r}; known: {', '.join(sorted(loaders))}")
    return loaders[name]()


SHARED_PREFIX = "shared:"
"""``suara eval shared:<set>`` scores a shared set by name, e.g. ``shared:tweeteval-holdout``."""
ALIASES = {"tweeteval:holdout": "tweeteval-holdout"}


def shared_name(spec: str | Path) -> str | None:
    """The shared set a file argument names (``shared:<set>`` or ``tweeteval:holdout``), else None."""
    spec = str(spec)
    if spec in ALIASES:
        return ALIASES[spec]
    return spec[len(SHARED_PREFIX):] if spec.startswith(SHARED_PREFIX) else None


def _column(header: list[str] | None, spec: str | int | None, path: Path, role: str) -> int | None:
    if spec is None:
        return None
    if isinstance(spec, int) or str(spec).lstrip("-").isdigit():
        return int(spec)
    if header is None or spec not in header:
        found = ", ".join(header) if header else "no header row"
        raise ValueError(f"{path}: {role} column {spec!r} not found (columns: {found})")
    return header.index(spec)


def read_labelled(
    path: Path, text_col: str | int = "text", label_col: str | int = "label",
    label_map: dict[str, str] | None = None, lang_col: str | int | None = None,
) -> LabelledSet:
    """Read a labelled CSV/TSV (delimiter and header detected) into a :class:`LabelledSet`.

    Columns are names, or 0-based integers for files without a header. A header-less two-column
    file (like SmSA's ``text<TAB>label``) is recognised even with the default column names.

    Raises:
        ValueError: a column is missing, or a row's label is unknown (the message names file, row, field).
    """
    path = Path(path)
    rows = _read_rows(path, header=False)
    if not rows:
        raise ValueError(f"{path}: no rows")
    first = rows[0]
    numeric = all(c is None or isinstance(c, int) or str(c).isdigit() for c in (text_col, label_col))
    headerless_pair = len(first) == 2 and canonical_label(first[1], label_map) is not None
    if numeric or (headerless_pair and text_col not in first and label_col not in first):
        header, body, first_line = None, rows, 1
        if not numeric:
            text_col, label_col = 0, 1
    else:
        header, body, first_line = [c.strip() for c in first], rows[1:], 2
    ti, li = _column(header, text_col, path, "text"), _column(header, label_col, path, "label")
    gi = _column(header, lang_col, path, "language")
    texts, labels, langs = [], [], []
    for n, row in enumerate(body, start=first_line):
        if max(ti, li, gi or 0) >= len(row):
            raise ValueError(f"{path}: row {n}: expected at least {max(ti, li, gi or 0) + 1} fields")
        label = canonical_label(row[li], label_map)
        if label is None:
            raise ValueError(
                f"{path}: row {n}: field {label_col!r}: label {row[li]!r} is not one of {', '.join(LABELS)}"
                " (map it with --label-map, e.g. 'pos=positive,0=negative')"
            )
        texts.append(row[ti])
        labels.append(label)
        if gi is not None:
            langs.append(row[gi].strip().lower() or "und")
    return LabelledSet(path.name, texts, labels, langs if gi is not None else None)
