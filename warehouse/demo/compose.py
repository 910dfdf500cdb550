"""Turn a theme into a customer's text: fill a clause, add extras, personal data, slang and noise.

Every choice draws from the caller's :class:`random.Random`, so the same seed writes the same texts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from suara.warehouse.demo.phrases import PhraseBank, load_bank

BANKS: dict[str, PhraseBank] = {"id": load_bank("id"), "en": load_bank("en")}
"""Phrase bank per language code."""

EMOJI = {
    "positive": ("😍", "🥰", "👍", "🙏", "❤️", "✨", "💯", "🔥", "😊"),
    "neutral": ("🙂", "😐", "🤔"),
    "negative": ("😡", "😤", "🙄", "😭", "😞", "👎", "💔", "😠"),
    "mixed": ("😅", "🙂", "🤔", "😐"),
}
"""Emoji a writer may add, per sentiment."""

PARTICLES = ("sih", "deh", "nih", "yaa", "gan", "kak", "min", "dong")
"""Indonesian chat particles a writer tacks on."""

SEPARATORS = (". ", ", ", ". ", " ", "... ", ", ")
"""Joins between the sentences of one text."""

_SLOT = re.compile(r"\{(\w+)\}")

Slots = Mapping[str, Callable[[random.Random], str] | str]


@dataclass(frozen=True)
class TextSpec:
    """What one text should say."""

    language: str
    source: str
    sentiment: str
    themes: tuple[str, ...]
    """One theme key, or (positive, negative) for a mixed item."""
    pii: str = ""
    """Kind of personal data to plant in the text: phone, email, nik, card or empty."""
    call_centre: bool = False
    """Prefix the text like a call-centre agent's note."""


def fill(template: str, bank: PhraseBank, rng: random.Random, slots: Slots) -> str:
    """Fill ``{slot}`` names from ``slots`` (values or generators) or the bank's static fillers."""

    def _one(match: re.Match[str]) -> str:
        name = match.group(1)
        value = slots.get(name)
        if value is None:
            return rng.choice(bank.SLOTS[name])
        return value(rng) if callable(value) else value

    return _SLOT.sub(_one, template)


def compose(spec: TextSpec, rng: random.Random, slots: Slots) -> str:
    """Write one text for ``spec``; ``slots`` supplies dynamic fillers (amounts, ids, the customer's PII)."""
    bank = BANKS[spec.language]
    sentences = [_main_clause(spec, bank, rng, slots)]
    extras = bank.TEMPLATES[spec.themes[-1]][1]
    for extra in rng.sample(extras, min(len(extras), _extra_count(spec, rng))):
        sentences.append(fill(extra, bank, rng, slots))
    if spec.pii:
        sentences.insert(
            rng.randrange(1, len(sentences) + 1),
            fill(rng.choice(bank.PII_SENTENCES[spec.pii]), bank, rng, slots),
        )
    if rng.random() < 0.45:
        sentences.append(rng.choice(bank.CLOSERS[spec.sentiment]))
    sentences = list(dict.fromkeys(sentences))
    if spec.call_centre:
        # Call-centre tickets are the agent's note, not the customer's greeting.
        return rng.choice(bank.CALL_PREFIX) + add_noise(_join(sentences, rng), spec, bank, rng)
    return add_noise(rng.choice(bank.OPENERS[spec.source]) + _join(sentences, rng), spec, bank, rng)


def _main_clause(spec: TextSpec, bank: PhraseBank, rng: random.Random, slots: Slots) -> str:
    clauses = [fill(rng.choice(bank.TEMPLATES[key][0]), bank, rng, slots) for key in spec.themes]
    if len(clauses) == 1:
        return clauses[0]
    if rng.random() < 0.35:
        return rng.choice(bank.CONNECTORS_NEG_FIRST).join(reversed(clauses))
    return rng.choice(bank.CONNECTORS).join(clauses)


def _extra_count(spec: TextSpec, rng: random.Random) -> int:
    roll = rng.random()
    if len(spec.themes) > 1:
        return 1 if roll < 0.2 else 0
    longer = spec.source == "support_tickets"
    if roll < (0.35 if longer else 0.2):
        return 2
    return 1 if roll < (0.8 if longer else 0.6) else 0


def _join(sentences: list[str], rng: random.Random) -> str:
    out = sentences[0]
    for sentence in sentences[1:]:
        out += rng.choice(SEPARATORS) + sentence
    return out


def add_noise(text: str, spec: TextSpec, bank: PhraseBank, rng: random.Random) -> str:
    """Make a clean sentence look typed by a customer: slang, elongation, typos, case, punctuation, emoji."""
    text = slangify(text, bank.SLANG, rng, rng.choice((0.3, 0.6, 0.9)) if spec.language == "id" else 0.3)
    if spec.language == "id" and rng.random() < 0.2:
        text += " " + rng.choice(PARTICLES)
    if rng.random() < 0.25:
        text = elongate(text, bank.ELONGATE, rng)
    if rng.random() < 0.05:
        text = _typo(text, rng)
    text = _case(text, spec, rng)
    text += _end_mark(spec.sentiment, rng)
    if rng.random() < 0.3:
        text += rng.choice(("", " ")) + "".join(
            rng.choice(EMOJI[spec.sentiment]) for _ in range(rng.randint(1, 3))
        )
    return text


def slangify(text: str, table: Mapping[str, tuple[str, ...]], rng: random.Random, rate: float) -> str:
    """Replace standard words by informal spellings, each occurrence with probability ``rate``."""
    variants = {word.lower(): spellings for word, spellings in table.items()}

    def _one(match: re.Match[str]) -> str:
        return rng.choice(variants[match.group(0).lower()]) if rng.random() < rate else match.group(0)

    return _word_pattern(tuple(table)).sub(_one, text)


@lru_cache(maxsize=8)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so "terima kasih" wins over any shorter overlapping entry.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def elongate(text: str, words: tuple[str, ...], rng: random.Random) -> str:
    """Stretch the last letter of one emotional word ("lama" → "lamaaa")."""
    present = [w for w in words if re.search(rf"\b{re.escape(w)}\b", text)]
    if not present:
        return text
    word = rng.choice(present)
    stretched = word + word[-1] * rng.randint(2, 4)
    return re.sub(rf"\b{re.escape(word)}\b", stretched, text, count=1)


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    j = rng.randrange(1, len(words[i]) - 2)
    w = words[i]
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _case(text: str, spec: TextSpec, rng: random.Random) -> str:
    roll = rng.random()
    if spec.sentiment == "negative" and roll < 0.03:
        return text.upper()
    if roll < (0.55 if spec.language == "id" else 0.3):
        return text.lower()
    return text[:1].upper() + text[1:]


def _end_mark(sentiment: str, rng: random.Random) -> str:
    if sentiment == "negative":
        return rng.choice(("", ".", "!", "!!", "!!!", "!!!!", "??", "!?"))
    if sentiment == "positive":
        return rng.choice(("", "!", "!!", ".", "!!!"))
    return rng.choice(("", ".", "..", "."))
