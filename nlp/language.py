"""Language identification for feedback texts.

`lingua` scores each text against a small configured set of languages (fewer
languages is faster and makes fewer mistakes on short texts); Malay folds into
Indonesian. Two frequent-word lists then catch Indonesian-English code-mixing,
which is counted as Indonesian with ``mixed=True``, and help on very short
texts where the statistical model alone is unreliable.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
UNDETERMINED = "und"
DEFAULT_LANGUAGES = ("id", "en", "ms", "zh", "ja", "ko", "ar")
FOLD = {"ms": "id"}
"""Codes reported as another language (Malay is written like Indonesian in feedback)."""

MIN_LETTERS = 3
"""Texts with fewer letters than this are `und`."""
MIN_CONFIDENCE = 0.5
"""Below this (folded) lingua confidence a text that the word lists cannot settle is `und`."""
SHORT_WORDS = 3
"""Texts of at most this many words are decided by the word lists when they are clear."""
SHORT_UNKNOWN_WORDS = 4
"""Texts of at most this many words, none of them a common word (names, hashtags), ..."""
SHORT_UNKNOWN_CONFIDENCE = 0.9
"""...need at least this lingua confidence, else they are `und`."""
MIX_MIN_WORDS = 3
"""A text is code-mixed when it has at least this many known words, both languages among them..."""
MIX_MIN_SHARE = 0.2
"""...and the smaller of the two has at least this share of the known words."""

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|#|\[[A-Z_]+\]|<[A-Z_]+>")
"""URLs, @handles, hashtag marks and redaction placeholders: they say nothing about the language."""


@dataclass(frozen=True)
class LanguageResult:
    """Language of one text.

    Attributes:
        code: ISO 639-1 code (``id``, ``en``...) or ``und`` when the text is too short or unclear.
        mixed: Indonesian text with a substantial share of English words (code-mixing).
        confidence: lingua's confidence in ``code`` (0..1), folded languages summed; 0 for ``und``.
    """

    code: str
    mixed: bool
    confidence: float


def _read_words(name: str) -> frozenset[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(" ".join(lines).split())


@lru_cache(maxsize=1)
def word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The Indonesian and English frequent-word lists (lower case), without words in both."""
    ind, eng = _read_words("words_id.txt"), _read_words("words_en.txt")
    both = ind & eng
    return ind - both, eng - both


_detectors: dict[tuple[str, ...], object] = {}
_lock = threading.Lock()


def _detector(codes: tuple[str, ...]):
    """Build (once per language set and process) a lingua detector; building loads models."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    with _lock:
        if codes not in _detectors:
            languages = []
            for code in codes:
                try:
                    languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
                except (AttributeError, ValueError) as exc:
                    raise ValueError(f"enrich.languages: {code!r} is not a language lingua knows") from exc
            if len(languages) < 2:
                raise ValueError("enrich.languages: name at least two languages")
            _detectors[codes] = LanguageDetectorBuilder.from_languages(*languages).build()
        return _detectors[codes]


def _folded(values) -> dict[str, float]:
    scores: dict[str, float] = {}
    for value in values:
        code = value.language.iso_code_639_1.name.lower()
        code = FOLD.get(code, code)
        scores[code] = scores.get(code, 0.0) + value.value
    return scores


def _decide(words: list[str], scores: dict[str, float]) -> LanguageResult:
    """Combine lingua's folded scores with the word-list counts of one text."""
    if sum(len(w) for w in words) < MIN_LETTERS:
        return LanguageResult(UNDETERMINED, False, 0.0)
    ind, eng = word_lists()
    n_id = sum(w in ind for w in words)
    n_en = sum(w in eng for w in words)
    top = max(scores, key=scores.get) if scores else UNDETERMINED
    conf = scores.get(top, 0.0)
    known = n_id + n_en
    if known >= MIX_MIN_WORDS and n_id and n_en and min(n_id, n_en) / known >= MIX_MIN_SHARE:
        return LanguageResult("id", True, round(scores.get("id", 0.0), 4))
    unanimous = "id" if n_id and not n_en else "en" if n_en and not n_id else None
    if unanimous and len(words) <= SHORT_WORDS:
        return LanguageResult(unanimous, False, round(max(scores.get(unanimous, 0.0), known / len(words)), 4))
    if unanimous and known >= MIX_MIN_WORDS - 1 and (conf < MIN_CONFIDENCE or top in ("id", "en")):
        # Names and brands ("works at Gojek") sway lingua on short texts; unanimous common words do not.
        return LanguageResult(unanimous, False, round(scores.get(unanimous, 0.0), 4))
    too_thin = not known and len(words) <= SHORT_UNKNOWN_WORDS and conf < SHORT_UNKNOWN_CONFIDENCE
    if conf < MIN_CONFIDENCE or too_thin:
        return LanguageResult(UNDETERMINED, False, round(conf, 4))
    return LanguageResult(top, False, round(conf, 4))


def words_of(text: str) -> list[str]:
    """Lower-cased letter words of a text (digits, emoji and punctuation dropped)."""
    return _WORD.findall(text.lower())


def detect_languages(
    texts: Sequence[str], languages: Iterable[str] = DEFAULT_LANGUAGES
) -> list[LanguageResult]:
    """Detect the language of each text.

    Args:
        texts: the texts (any length; empty or emoji-only texts give ``und``).
        languages: ISO 639-1 codes lingua chooses among (``enrich.languages``).

    Returns:
        One :class:`LanguageResult` per text, in order.

    Raises:
        ValueError: a code lingua does not know (the message names ``enrich.languages``).
    """
    detector = _detector(tuple(dict.fromkeys(c.lower() for c in languages)))
    cleaned = [_NOISE.sub(" ", t or "") for t in texts]
    words = [words_of(t) for t in cleaned]
    # Only texts with enough letters go to lingua; its parallel API runs in Rust threads.
    todo = [i for i, w in enumerate(words) if sum(map(len, w)) >= MIN_LETTERS]
    values = detector.compute_language_confidence_values_in_parallel([cleaned[i] for i in todo])
    scores: list[dict[str, float]] = [{} for _ in texts]
    for i, value in zip(todo, values, strict=True):
        scores[i] = _folded(value)
    return [_decide(w, s) for w, s in zip(words, scores, strict=True)]


def detect_language(text: str, languages: Iterable[str] = DEFAULT_LANGUAGES) -> LanguageResult:
    """Detect the language of one text (see :func:`detect_languages`)."""
    return detect_languages([text], languages)[0]
