"""Split feedback text into sentences and clauses (Indonesian and English).

A touchpoint mention carries the sentiment of the clause that links it, so a
text is cut at sentence ends, line breaks, semicolons and contrast
conjunctions ("kurirnya ramah | tapi aplikasinya error"). Fragments too short
to mean anything on their own are glued back to their neighbour.
"""

from __future__ import annotations

import re

CONTRAST_WORDS = (
    # Indonesian, formal and informal
    "tapi", "tetapi", "tp", "tpi", "tapii", "namun", "sedangkan", "sedang kan", "padahal", "cuma", "cuman",
    "hanya saja", "sayangnya", "untungnya", "syukurnya", "meskipun", "walaupun", "walau", "biarpun", "sementara",
    "kecuali", "selain itu",
    # English
    "but", "however", "although", "though", "even though", "while", "whereas", "except", "yet", "unfortunately",
    "on the other hand", "on the bright side", "luckily", "fortunately",
)
"""Conjunctions that start a new clause; the conjunction stays at the head of the clause it opens."""

# Sentence ends: . ! ? … and line breaks; a dot between digits (Rp 50.000, 4.5) is no end.
_SENTENCE = re.compile(r"(?<=[!?…])(?![!?…])\s*|(?<!\d)\.+(?!\d)\s*|\.(?=\s)\s*|\s*[\r\n]+\s*|\s*;\s*")
_CONTRAST = re.compile(
    # "even though" is one conjunction: no cut between its words
    r"(?<!\beven)\s*,?\s+(?=(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(CONTRAST_WORDS, key=len, reverse=True))
    + r")\b[\s,])",
    re.IGNORECASE,
)
CONCESSIVE_WORDS = (
    "meskipun", "walaupun", "walau", "biarpun", "kendati", "sekalipun", "although", "though", "even though",
    "while", "whereas",
)
"""Contrast words that can open a sentence: their clause ends at the comma that closes it ("While the service
was average, | the food was excellent")."""
_CONCESSIVE = re.compile(
    r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(CONCESSIVE_WORDS, key=len, reverse=True))
    + r")\b,?\s+([^,]+),\s*(?=\S)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+", re.UNICODE)
MIN_WORDS = 2
"""A clause with fewer words than this is merged into its neighbour."""

SPAN_WORDS = (
    # English
    "and", "with", "so", "because", "since", "which", "as well as",
    # Indonesian
    "dan", "dengan", "karena", "soalnya", "jadi", "sehingga", "yang",
)
"""Words that open a span inside a clause ("our waiter was inattentive | took nearly 3 hours")."""
_SPAN = re.compile(
    r"\s*,\s*|\s*[:()\[\]]\s*|\s+-+\s+|\s*--+\s*|\s+(?=(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(SPAN_WORDS, key=len, reverse=True))
    + r")\b\s)",
    re.IGNORECASE,
)
SPAN_MIN_WORDS = 3
"""A span with fewer words than this is merged into its neighbour (two words rarely carry an opinion)."""


def split_clauses(text: str, *, min_words: int = MIN_WORDS) -> list[str]:
    """Split a text into clauses, in order; never returns an empty list for non-blank text.

    Args:
        text: one feedback text.
        min_words: clauses shorter than this are merged into the previous (or next) clause.
    """
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text or ""):
        if not sentence or not sentence.strip():
            continue
        for part in _concessive(sentence.strip()):
            pieces.extend(p.strip(" ,") for p in _CONTRAST.split(" " + part) if p.strip(" ,"))
    clauses = _merge_short(pieces, min_words)
    if not clauses and text and text.strip():
        return [text.strip()]
    return clauses


def split_spans(text: str, *, min_words: int = SPAN_MIN_WORDS) -> list[str]:
    """Split a text into spans finer than clauses; never returns an empty list for non-blank text.

    Each clause is also cut at commas, brackets, dashes and :data:`SPAN_WORDS`. A touchpoint's own span
    ("our waiter was inattentive") often carries an opinion its clause dilutes ("..., took nearly 3 hours
    for dinner"): the linker gives such a mention its span's sentiment (``TouchpointLinker._span_sentiment``).
    """
    spans: list[str] = []
    for clause in split_clauses(text):
        pieces = [p.strip(" ,") for p in _SPAN.split(clause) if p and p.strip(" ,")]
        spans.extend(_merge_forward(pieces, min_words))
    return spans or ([text.strip()] if text and text.strip() else [])


def _concessive(piece: str) -> list[str]:
    # A piece opened by a concessive word ends at the comma closing that clause; the rest is the main clause.
    # Two words at least after the conjunction ("walau kecil, ..." stays whole).
    match = _CONCESSIVE.match(piece)
    if not match or len(_WORD.findall(match.group(1))) < MIN_WORDS:
        return [piece]
    return [piece[: match.end(1)], piece[match.end() :]]


def has_contrast(text: str) -> bool:
    """Whether a contrast conjunction opens a clause of ``text`` (a hint that its sentiment is mixed)."""
    return any(_CONTRAST.search(" " + sentence) for sentence in _SENTENCE.split(text or "") if sentence)


def _merge_forward(pieces: list[str], min_words: int) -> list[str]:
    # A short span joins the span it introduces ("air panas | kamar mandi | tidak keluar" is one span); a
    # short last span joins the one before it.
    merged: list[str] = []
    pending = ""
    for piece in pieces:
        pending = f"{pending} {piece}".strip()
        if len(_WORD.findall(pending)) >= min_words:
            merged.append(pending)
            pending = ""
    if pending:
        if merged:
            merged[-1] = f"{merged[-1]} {pending}"
        else:
            merged.append(pending)
    return merged


def _merge_short(pieces: list[str], min_words: int) -> list[str]:
    merged: list[str] = []
    pending = ""
    for piece in pieces:
        piece = f"{pending} {piece}".strip() if pending else piece
        pending = ""
        if len(_WORD.findall(piece)) < min_words:
            if merged:
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                pending = piece
            continue
        merged.append(piece)
    if pending:
        merged.append(pending)
    return merged
