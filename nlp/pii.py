"""Personal-data redaction: e-mails, phone numbers, Indonesian NIK and payment cards.

Every match is replaced by a typed placeholder (``[EMAIL]``, ``[PHONE]``, ``[NIK]``,
``[CARD]``) before anything is stored. Patterns are deliberately anchored so that
prices (``Rp 150.000``), order ids (``INV/20241103/MPL/123456789``, ``#ORD-88231``),
dates, tracking numbers (``JP1234567890``) and quantities survive; candidates are
then validated (digit counts, NIK province/date fields, the Luhn checksum).

:data:`SQL_PREFILTER` is an RE2 pattern that matches every text that *could* hold
personal data, so bulk loaders can let DuckDB skip the clean majority and send only
candidates through :func:`redact_many`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[PHONE]", "nik": "[NIK]", "card": "[CARD]"}

# Superset of every pattern below (RE2 syntax, no lookbehind): an '@', or a run of >= 8 digits with
# short separators that does not hang off a word, '/', '#', '.', '-' or '+' (order ids, tracking numbers).
SQL_PREFILTER = r"@|(?:^|[^\w/#.+-])[(+]*\d(?:[ ().+-]{0,2}\d){7,}"
_CANDIDATE = re.compile(SQL_PREFILTER)

# A number glued to a word, a slash or a '#' is an identifier (order id, tracking number), not PII.
_LEFT = r"(?<![\w/#.\-+])"
_RIGHT = r"(?![\w/\-])"
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_NIK = re.compile(_LEFT + r"\d{16}" + r"(?![\w/\-])")
_CARD = re.compile(_LEFT + r"\d(?:[ \-]?\d){12,18}" + _RIGHT)
_PHONE_ID = re.compile(_LEFT + r"(?:\(\+?62\)|\+62|62|0)[ .\-]?8\d{1,3}(?:[ .\-]?\d{2,5}){1,3}" + _RIGHT)
_PHONE_INTL = re.compile(_LEFT + r"\+[1-9]\d{0,2}(?:[ .\-]?\(?\d{1,4}\)?){2,5}" + _RIGHT)
_SEP = re.compile(r"[ .\-()+]+")

# Two-digit province codes of Indonesian NIK (Dukcapil).
_NIK_PROVINCES = {
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
    61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
}


def luhn_ok(digits: str) -> bool:
    """True when a digit string passes the Luhn checksum (payment cards)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def nik_ok(digits: str) -> bool:
    """True when 16 digits look like an Indonesian NIK: known province, valid birth day and month."""
    if len(digits) != 16 or int(digits[:2]) not in _NIK_PROVINCES:
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    day = day - 40 if day > 40 else day  # women's NIK add 40 to the day of birth
    return 1 <= day <= 31 and 1 <= month <= 12


def _card_ok(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and luhn_ok(digits)


def _phone_id_ok(digits: str) -> bool:
    national = digits[2:] if digits.startswith("62") else digits[1:] if digits.startswith("0") else digits
    return national.startswith("8") and 9 <= len(national) <= 12


def _phone_intl_ok(digits: str) -> bool:
    return 8 <= len(digits) <= 15


def _longest_valid(match: str, ok) -> int:
    """Length of the longest prefix of ``match`` (cut at a separator) whose digits pass ``ok``; 0 if none.

    Greedy patterns may swallow a following number ("0812 3456 7890 100 pcs"); trying shorter
    prefixes keeps the phone redacted and the quantity intact.
    """
    cuts = [m.start() for m in _SEP.finditer(match) if m.start() > 0] + [len(match)]
    for end in reversed(cuts):
        digits = re.sub(r"\D", "", match[:end])
        if ok(digits):
            return end
    return 0


def _substitute(pattern: re.Pattern, ok, kind: str, text: str, counts: Counter) -> str:
    def repl(m: re.Match) -> str:
        end = _longest_valid(m.group(0), ok)
        if not end:
            return m.group(0)
        counts[kind] += 1
        return PLACEHOLDERS[kind] + m.group(0)[end:]

    return pattern.sub(repl, text)


def redact_counts(text: str) -> tuple[str, Counter]:
    """Redact one text and count the placeholders inserted per type.

    Returns:
        The redacted text and a ``Counter`` keyed by ``email``, ``phone``, ``nik``, ``card``.
    """
    counts: Counter = Counter()
    if not text or not _CANDIDATE.search(text):
        return text, counts
    if "@" in text:
        text, n = _EMAIL.subn(PLACEHOLDERS["email"], text)
        counts["email"] += n
    # NIK before card: a bare 16-digit number with a plausible NIK layout is an identity number.
    text = _substitute(_NIK, nik_ok, "nik", text, counts)
    text = _substitute(_CARD, _card_ok, "card", text, counts)
    text = _substitute(_PHONE_ID, _phone_id_ok, "phone", text, counts)
    text = _substitute(_PHONE_INTL, _phone_intl_ok, "phone", text, counts)
    return text, counts


def redact(text: str) -> str:
    """Replace e-mails, phone numbers, NIK and card numbers in ``text`` by typed placeholders."""
    return redact_counts(text)[0]


def redact_many(texts: Iterable[str | None]) -> tuple[list[str | None], Counter]:
    """Redact a batch of texts (``None`` passes through); return them with the total counts per type."""
    total: Counter = Counter()
    out: list[str | None] = []
    for text in texts:
        if text is None:
            out.append(None)
            continue
        red, counts = redact_counts(text)
        total.update(counts)
        out.append(red)
    return out, total
