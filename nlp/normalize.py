"""Normalisation of informal Indonesian (and English) feedback for the models and the keyword vocabulary.

The stored text stays as written; this produces a separate, cleaned form:
lower case, elongations shortened (``bangettt`` -> ``banget``, ``maaaaf`` ->
``maaf``), repeated punctuation collapsed (``!!!`` -> ``!``), Indonesian slang
expanded by table lookup (``gak`` -> ``tidak``, ``bgt`` -> ``banget``),
reduplication written out (``hati2`` -> ``hati-hati``), runs of one emoji cut
to one. Emoji, emoticons, English contractions and every negation word are
kept: they carry sentiment.

The slang table is ``indo-normalizer``'s ``corpus/slangs.csv`` used as a lookup
only (never its fuzzy correction, which changes meaning), overlaid by Suara's
curated ``nlp/data/slang_extra.csv`` and then by the user's CSV
(``enrich.slang_file``, columns ``slang,formal``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import product
from pathlib import Path

from suara.nlp.language import DATA_DIR, word_lists

NEGATIONS = frozenset(
    "tidak tak gak ga gk nggak ngga engga enggak kagak ndak tdk bukan bkn jangan jgn belum blm blom belom "
    "not no never nor none nothing nobody cannot can't don't doesn't didn't isn't aren't wasn't weren't "
    "won't".split()
)
"""Negation words: never dropped, and a slang entry may only map one to another negation."""

EXTRA_SLANG = DATA_DIR / "slang_extra.csv"
_SLANG_RANK = 10**6
MAX_RUNS = 4
"""Elongated words with more repeated-letter runs than this are simply cut to single letters."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
_REDUPLICATED = re.compile(r"^([^\W\d_]{2,})2$")
_DOUBLED = re.compile(r"([^\W\d_])\1+")
_PUNCT_RUN = re.compile(r"([!?,;:()])\1+")
_MIXED_BANG = re.compile(r"[!?]{3,}")
_DOTS = re.compile(r"\.{4,}")
_SPACE = re.compile(r"\s+")
_SYMBOL_RUN = re.compile(r"([\U0001F000-\U0001FAFF\u2600-\u27BF])(?:\uFE0F?\1)+")


def _read_slang_csv(path: Path | str, *, source: str) -> dict[str, str]:
    """Read a ``slang,formal`` CSV (header optional); errors name the file and row."""
    table: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if not row or row[0].startswith("#") or (number == 1 and row[0].strip().lower() == "slang"):
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise ValueError(f"{source} {path}, row {number}: expected 'slang,formal', got {row!r}")
            table[row[0].strip().lower()] = row[1].strip().lower()
    return table


def _builtin_package_table() -> dict[str, str]:
    """``indo-normalizer``'s slang table, minus entries that would damage English or negation."""
    path = resources.files("indo_normalizer") / "corpus" / "slangs.csv"
    with resources.as_file(path) as file:
        table = _read_slang_csv(file, source="indo-normalizer slangs.csv")
    _, english = word_lists()
    # Single letters (x, y, m...) are too ambiguous; English words (so -> sok) would corrupt English text.
    return {k: v for k, v in table.items() if len(k) > 1 and k not in english}


def _is_safe(slang: str, formal: str) -> bool:
    # A negation may only become another negation: dropping one flips the sentiment.
    return slang not in NEGATIONS or any(w in NEGATIONS for w in formal.split())


@dataclass(frozen=True)
class SlangTable:
    """The merged slang lookup (lower-case ``slang -> formal``) and the known-word vocabularies."""

    mapping: Mapping[str, str]
    vocabulary: Mapping[str, int] = field(repr=False)
    """Known words and their rank (0: curated, then indo-normalizer's word list order; lower is likelier)."""


@lru_cache(maxsize=8)
def load_slang(user_file: str | None = None) -> SlangTable:
    """Merge the built-in slang tables with the user's CSV (later tables win).

    Args:
        user_file: path of a ``slang,formal`` CSV (``enrich.slang_file``), or ``None``.

    Raises:
        ValueError: a malformed row (the message names file and row) or a rule that would
            turn a negation into a non-negation or vice versa.
    """
    curated = _read_slang_csv(EXTRA_SLANG, source="built-in")
    # The package's targets pass through the curated table once, so gag -> enggak ends as tidak.
    mapping = {
        k: " ".join(curated.get(w, w) for w in v.split()) for k, v in _builtin_package_table().items()
    }
    mapping = {k: v for k, v in mapping.items() if _is_safe(k, v)}
    mapping.update(curated)
    if user_file:
        user = _read_slang_csv(user_file, source="enrich.slang_file")
        unsafe = [k for k, v in user.items() if not _is_safe(k, v)]
        if unsafe:
            raise ValueError(f"enrich.slang_file {user_file}: entries would add or drop a negation: {unsafe}")
        mapping.update(user)
    return SlangTable(mapping=mapping, vocabulary=_vocabulary(mapping))


def _vocabulary(mapping: Mapping[str, str]) -> dict[str, int]:
    """Known words ranked, to choose among elongation repairs (the package list holds misspellings too)."""
    common = resources.files("indo_normalizer") / "corpus" / "common_words.txt"
    ranks: dict[str, int] = {}
    for rank, word in enumerate(common.read_text(encoding="utf-8").split(), start=1):
        ranks.setdefault(word, rank)
    ranks.update({w: _SLANG_RANK for w in mapping if w not in ranks})
    ind, eng = word_lists()
    ranks.update({w: 0 for w in ind | eng | {w for v in mapping.values() for w in v.split()}})
    return ranks


def _shorten(word: str, table: SlangTable) -> str:
    """Undo elongation: each run of 3+ equal letters becomes one or two letters, whichever is a word.

    The best-ranked known candidate wins, the longer on ties (``goooood`` -> ``good``, not
    ``god``). Unknown words get single letters.
    """
    runs = list(_ELONGATED.finditer(word))
    if not runs:
        return word
    single = _ELONGATED.sub(r"\1", word)
    if len(runs) > MAX_RUNS:
        return single
    best, best_rank = single, None
    for lengths in product((2, 1), repeat=len(runs)):
        pieces, last = [], 0
        for run, n in zip(runs, lengths, strict=True):
            pieces += [word[last:run.start()], run.group(1) * n]
            last = run.end()
        candidate = "".join(pieces) + word[last:]
        known = table.vocabulary.get(candidate)
        if known is not None and (best_rank is None or (known, -len(candidate)) < best_rank):
            best, best_rank = candidate, (known, -len(candidate))
    if best_rank is None:
        # "keceewaaa" -> "keceewa": one more try with every doubled letter single.
        squeezed = _DOUBLED.sub(r"\1", single)
        return squeezed if squeezed in table.vocabulary else single
    return best


def _word(match: re.Match, table: SlangTable, slang: bool) -> str:
    word = _shorten(match.group(0), table)
    if not slang:
        return word
    redup = _REDUPLICATED.match(word)
    if redup and redup.group(1) in table.vocabulary:
        base = table.mapping.get(redup.group(1), redup.group(1))
        return f"{base}-{base}"
    return table.mapping.get(word, word)


def normalize(text: str, *, language: str | None = None, slang_file: Path | str | None = None) -> str:
    """Normalised form of one feedback text.

    Args:
        text: the (redacted) text as written.
        language: the detected language; Indonesian slang is expanded unless it is a language
            other than ``id`` and ``und`` (English text is never run through the Indonesian table).
        slang_file: the user's extra slang CSV (``enrich.slang_file``).

    Returns:
        Lower-case text with slang expanded, elongations and repeated punctuation shortened,
        emoji, emoticons and negations kept, whitespace collapsed.
    """
    table = load_slang(str(slang_file) if slang_file else None)
    slang = language in (None, "id", "und")
    out = text.lower()
    out = _WORD.sub(lambda m: _word(m, table, slang), out)
    out = _PUNCT_RUN.sub(r"\1", out)
    out = _MIXED_BANG.sub(lambda m: m.group(0)[:2], out)
    out = _DOTS.sub("...", out)
    out = _SYMBOL_RUN.sub(r"\1", out)
    return _SPACE.sub(" ", out).strip()


def normalize_many(
    texts: list[str], languages: list[str] | None = None, *, slang_file: Path | str | None = None
) -> list[str]:
    """:func:`normalize` over a batch (``languages`` aligned with ``texts`` when given)."""
    langs = languages or [None] * len(texts)
    return [normalize(t, language=lang, slang_file=slang_file) for t, lang in zip(texts, langs, strict=True)]
