"""The demo generator's phrase banks, one JSON data file per language (``warehouse/demo/data/phrases_<lang>.json``).

Clauses are written in plain casual language; :mod:`suara.warehouse.demo.compose` then swaps words for
slang, elongates, adds emoji and punctuation noise. ``{slot}`` names are filled from ``SLOTS`` or by the
generator (``amount``, ``order_id``, ``resi``, ``version``). Keys of each file:

- ``slots``: slot name -> fillers.
- ``templates``: theme key -> [main clauses, extra sentences].
- ``openers``: source name -> optional opening words (empty strings make the opener optional).
- ``closers``: sentiment -> closing words.
- ``connectors`` / ``connectors_neg_first``: join the two halves of a mixed item (positive first / negative first).
- ``call_prefix``: agent-written prefix of call-centre tickets.
- ``pii_sentences``: kind of personal data -> sentences that plant it.
- ``slang``: standard word -> informal spellings, applied with a per-writer probability.
- ``elongate``: words a writer may stretch ("lamaaa bangettt").
- ``function_words`` (Indonesian only): frequent words that tell Indonesian texts from English ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files


def _tuples(value):
    # Data files hold lists; the generator draws from immutable tuples, as it always has.
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value


@dataclass(frozen=True)
class PhraseBank:
    """One language's phrases (field names as in the data file, upper-cased)."""

    SLOTS: dict[str, tuple[str, ...]]
    TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    OPENERS: dict[str, tuple[str, ...]]
    CLOSERS: dict[str, tuple[str, ...]]
    CONNECTORS: tuple[str, ...]
    CONNECTORS_NEG_FIRST: tuple[str, ...]
    CALL_PREFIX: tuple[str, ...]
    PII_SENTENCES: dict[str, tuple[str, ...]]
    SLANG: dict[str, tuple[str, ...]]
    ELONGATE: tuple[str, ...]
    FUNCTION_WORDS: frozenset[str] = field(default_factory=frozenset)


@cache
def load_bank(language: str) -> PhraseBank:
    """The phrase bank of ``language`` (``id`` or ``en``), read once from the package data.

    Raises:
        FileNotFoundError: no data file for ``language``.
    """
    resource = files("suara.warehouse.demo") / "data" / f"phrases_{language}.json"
    data = _tuples(json.loads(resource.read_text(encoding="utf-8")))
    data["function_words"] = frozenset(data.get("function_words", ()))
    return PhraseBank(**{key.upper(): value for key, value in data.items()})
