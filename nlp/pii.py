"""Personal-data redaction for Indonesian and English customer text.

Every match is replaced by a typed placeholder before anything is stored: ``[EMAIL]`` (also written
``budi [at] gmail [dot] com``), ``[PHONE]`` (mobile and landline, spaced out, glued to ``wa``/``hp``),
``[NIK]`` (plain or grouped, validated), ``[CARD]`` (Luhn), ``[ACCOUNT]`` (a bank account number after
``rek``/``rekening``/``account``), ``[ADDRESS]`` (``Jl. Sudirman No. 5 RT 03/RW 02``) and ``[NAME]``
(after ``nama saya``/``my name is``/``a.n.``).

Detection runs on the original text and collects spans; numbers are classified by their digits and
their shape (groups, separators, what they hang off). Numbers that belong to something else are kept:
prices (``Rp 12.500.000``, ``+12.500.000``), order and invoice ids (glued to letters, ``/`` or ``#``),
tracking numbers and booking codes introduced by ``resi``/``AWB``/a courier/``kode booking``, dates.

:data:`SQL_PREFILTER` is an RE2 pattern that matches every text that *could* hold personal data, so
bulk loaders let DuckDB skip the clean majority and send only candidates through :func:`redact_many`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from suara.nlp.pii_context import (
    ACCOUNT,
    ADDRESS,
    CONTACT_BEFORE,
    EMAIL,
    EMAIL_LOOSE,
    MAILERS,
    NAME,
    NAME_STOP,
    PRICE_BEFORE,
    PROTECTED_BEFORE,
)

PLACEHOLDERS = {
    "email": "[EMAIL]", "phone": "[PHONE]", "nik": "[NIK]", "card": "[CARD]",
    "account": "[ACCOUNT]", "address": "[ADDRESS]", "name": "[NAME]",
}
# Higher wins when two spans overlap.
_PRIORITY = {"email": 7, "account": 6, "nik": 5, "card": 4, "phone": 3, "address": 2, "name": 1}

# Superset of every detector (RE2 syntax, also valid Python): an '@' or an obfuscated one, a run of >= 8
# digits with short separators, or a word that introduces an address, a name or an account.
# A long number counts only where the detector would look at it: not glued to an identifier ("INV/20241103",
# "JP1234567890") unless a contact word is what it is glued to ("wa081234567890", "hubungi.0812...").
_GLUE_OK = r"(?i:wa|w\.a|whatsapp|whatsap|hp|handphone|telp|tlp|telpon|telepon|tel|phone|call|hubungi|kontak|contact" \
    r"|sms|cp|mobile|nomor|nomer|nmr|no|saya|aku|ku|sy|kami|admin|cs|di|ke)[/.:\-]?|[a-z]{3}\."
SQL_PREFILTER = (
    r"@|(?i:[\[({<]\s*(?:at|dot)\s*[\])}>]|\s(?:dot|titik)\s|\sat\s+[\w.\-]+(?:\s*[.\[(]|\s+dot|\s+titik))"
    rf"|(?:^|[^\w/#.+\-]|{_GLUE_OK})[(+]*\d(?:[ ().+\-]{{0,3}}\d){{7,}}"
    r"|(?i:\b(?:jl|jln|jalan|gg|gang|rt|rw|komp|komplek|kompleks|perum|perumahan)\b"
    r"|\bnama\b|namaku|my name|bernama|\ba\s?[./]\s?n\b)"
)

# A run of digits with short separators: "0812-3456-7890", "(021) 555 0123", "0 8 1 2 ...", "+62 812 ...".
_RUN = re.compile(r"(?:\(\+?|\+)?\d(?:(?:[ .\-]{1,2}|\)[ .\-]?|[ .\-]?\()?\d)*\)?")
_GROUP = re.compile(r"\d+")
_THOUSANDS = re.compile(r"^\+?[1-9]\d{0,2}(?:[.,]\d{3})+$")
_CARD_BEFORE = re.compile(r"(?i)(?<![a-z])(?:kartu|card|cc|kredit|credit|debit|visa|mastercard|amex|jcb)\b")
# Glue characters that make a number part of an identifier unless a contact word precedes them.
_ID_GLUE = "/#-_.+&"

# Two-digit province codes of Indonesian NIK (Dukcapil).
_NIK_PROVINCES = {
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
    61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
}

Span = tuple[int, int, str]


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
    """True when 16 digits look like an Indonesian NIK: province, regency, district, birth date, serial."""
    if len(digits) != 16 or int(digits[:2]) not in _NIK_PROVINCES:
        return False
    if digits[2:4] == "00" or digits[4:6] == "00" or digits[12:] == "0000":
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    day = day - 40 if day > 40 else day  # women's NIK add 40 to the day of birth
    return 1 <= day <= 31 and 1 <= month <= 12


def _mobile_ok(digits: str, groups: list[str], intl: bool) -> bool:
    """Indonesian mobile: 0/62/+62, then 8 and 8-11 more digits; the first group is not a 2-digit day."""
    if digits.startswith("62"):
        national, first = digits[2:], groups[1] if groups[0] == "62" and len(groups) > 1 else groups[0][2:]
    elif digits.startswith("0"):
        national, first = digits[1:], groups[0][1:] or (groups[1] if len(groups) > 1 else "")
    else:
        return False
    if not national.startswith("8") or not 9 <= len(national) <= 12:
        return False
    spaced = all(len(g) <= 2 for g in groups) and len(groups) >= 5  # "0 8 1 2 ...", "08 12 34 56 78 90"
    return spaced or intl or len(first) >= 2 and len(groups) <= 5


def _landline_ok(text: str, digits: str, groups: list[str], contact: bool) -> bool:
    """Indonesian landline: area code 0[2-79]x(x) in brackets or set apart, then 5-8 subscriber digits."""
    if digits.startswith("62") and text.lstrip("(").startswith("+"):
        digits, groups = "0" + digits[2:], (["0" + groups[1]] + groups[2:]) if groups[0] == "62" else groups
    if not re.match(r"0[2-79]", digits) or not 9 <= len(digits) <= 12:
        return False
    if len(groups) == 1:
        return contact  # "0215550123" is only a phone when a contact word says so
    if all(len(g) == 1 for g in groups):
        return True
    area = groups[0]
    return 3 <= len(area) <= 4 and all(len(g) >= 2 for g in groups[1:]) and 5 <= len(digits) - len(area) <= 8


def _intl_ok(text: str, digits: str, groups: list[str]) -> bool:
    """International number: a '+', then 8-15 digits in groups ("+44 20 7946 0958") or 10-15 in one run."""
    if not text.startswith(("+", "(+")) or len(digits) > 15:
        return False
    return len(digits) >= (8 if len(groups) >= 2 else 10)


def _classify(text: str, contact: bool) -> str | None:
    """Kind of personal number ``text`` (a run or part of one) is, or ``None``."""
    if _THOUSANDS.match(text):
        return None  # a price or a count with thousand separators
    groups = _GROUP.findall(text)
    digits = "".join(groups)
    if nik_ok(digits):
        return "nik"
    intl = text.startswith(("+", "(+"))
    if _mobile_ok(digits, groups, intl):
        return "phone"  # before cards: "6285232434127" is a mobile that happens to pass Luhn
    if 13 <= len(digits) <= 19 and luhn_ok(digits) and not intl:
        return "card"
    if _landline_ok(text, digits, groups, contact):
        return "phone"
    if intl and not digits.startswith("62") and _intl_ok(text, digits, groups):
        return "phone"
    return None


def _pieces(run: str) -> list[tuple[int, int]]:
    """Start and end offsets of the digit groups of a run (with a leading '+' or '(' kept on the first)."""
    out = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    if out and run[0] in "+(":
        out[0] = (0, out[0][1])
    return out


def _closing(run: str, end: int) -> int:
    """Extend a piece's end over a closing bracket that belongs to it ("(021)")."""
    return end + 1 if end < len(run) and run[end] == ")" and "(" in run[:end] else end


_WORD_START = re.compile(r"(?<![A-Za-z])[A-Za-z$]")
_SENTENCE_END = re.compile(r"(?<![A-Za-z])[a-z]{3,}\.$")


def _context(before: str) -> str | None:
    """``protected`` or ``contact`` when the words right before a number say so, else ``None``.

    The context patterns end at the end of ``before``; trying them only at word starts (``match`` at a
    position) is several times cheaper than an unanchored search over the window.
    """
    found = None
    for m in _WORD_START.finditer(before):
        i = m.start()
        if PRICE_BEFORE.match(before, i) or PROTECTED_BEFORE.match(before, i):
            return "protected"
        if found is None and CONTACT_BEFORE.match(before, i):
            found = "contact"
    return found


def _left_kind(text: str, start: int) -> str:
    """What a number at ``start`` hangs off: ``free``, ``contact`` (wa, hp, ...), ``protected`` or ``glued``."""
    before = text[max(0, start - 48):start]
    context = _context(before)
    if context:
        return context
    if start and text[start - 1] == "." and _SENTENCE_END.search(text, max(0, start - 20), start):
        return "free"  # a sentence ending with a full stop and no space ("mantap sekali.0812...")
    if start and (text[start - 1].isalnum() or text[start - 1] in _ID_GLUE):
        return "glued"
    return "free"


_EIGHT_DIGITS = re.compile(r"\d(?:[ ().+\-]{0,3}\d){7}")


def _number_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    if not _EIGHT_DIGITS.search(text):
        return spans
    for m in _RUN.finditer(text):
        run = m.group(0)
        if sum(map(str.isdigit, run)) < 8:
            continue
        pieces, i = _pieces(run), 0
        while i < len(pieces):
            found = _longest_from(text, m.start(), run, pieces, i)
            if found is None:
                i += 1
                continue
            j, kind = found
            spans.append((m.start() + pieces[i][0], m.start() + _closing(run, pieces[j][1]), kind))
            i = j + 1
    return spans


def _longest_from(text: str, base: int, run: str, pieces: list[tuple[int, int]], i: int) -> tuple[int, str] | None:
    """The longest stretch of digit groups starting at group ``i`` that is personal, as (last group, kind)."""
    side = _left_kind(text, base + pieces[i][0])
    if side in ("protected", "glued"):
        return None
    right_glued = lambda j: base + pieces[j][1] < len(text) and text[base + pieces[j][1]] in "/#_&"  # noqa: E731
    for j in range(len(pieces) - 1, i - 1, -1):
        if right_glued(j):
            continue
        piece = run[pieces[i][0]:_closing(run, pieces[j][1])]
        kind = _classify(piece, side == "contact")
        if kind == "nik" and luhn_ok(_digits(piece)) and _CARD_BEFORE.search(text[max(0, base - 40):base]):
            kind = "card"  # 16 digits that are both: the words before decide
        if kind:
            return j, kind
    return None


# Cheap gates: a detector runs only on texts that pass its gate (most texts pass none).
_AT_GATE = re.compile(r"(?i)[\w.%+\-]@|\s@\s|[\[({<]\s*(?:at|@)\s*[\])}>]")
_LOOSE_GATE = re.compile(r"(?i)\sat\s")
_LOOSE_WORDS = ("dot", "titik", *MAILERS)
_ACCOUNT_GATE = re.compile(r"\d(?:[ .\-]?\d){7}")
_ADDRESS_GATE = re.compile(r"(?i)\b(?:jl|jln|jalan|gg|gang|rt|komp\w*|perum\w*)\b")
_NAME_WORDS = ("nama", "name", "a.n", "a/n", "a n")


def _digits(text: str) -> str:
    return "".join(_GROUP.findall(text))


def _regex_spans(text: str) -> list[Span]:
    """Spans of the word-introduced kinds; each detector runs only when a cheap substring test lets it."""
    low = text.lower()
    spans: list[Span] = []
    if _AT_GATE.search(text):
        spans += [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    if _LOOSE_GATE.search(text) and any(w in low for w in _LOOSE_WORDS):
        spans += [(m.start(), m.end(), "email") for m in EMAIL_LOOSE.finditer(text)]
    if _ACCOUNT_GATE.search(text):
        spans += [(m.start("num"), m.end("num"), "account") for m in ACCOUNT.finditer(text)]
    if _ADDRESS_GATE.search(text):
        spans += [(m.start(), m.end(), "address") for m in ADDRESS.finditer(text)]
    if any(w in low for w in _NAME_WORDS):
        for m in NAME.finditer(text):
            end = _name_end(text, m.start("name"), m.end("name"))
            if end > m.start("name"):
                spans.append((m.start("name"), end, "name"))
    return spans


def _name_end(text: str, start: int, end: int) -> int:
    """Cut a name candidate before its first function word ("nama saya budi dari jakarta" -> "budi")."""
    pos = start
    for word in re.finditer(r"\S+", text[start:end]):
        bare = word.group(0).strip(".,")
        if bare.lower() in NAME_STOP or bare.islower() and len(bare) > 10:
            break  # a function word, or a long lowercase word ("namaku adalah abbreviation of ...")
        pos = start + word.end()
    return pos


def _resolve(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans, preferring higher priority, then longer."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-_PRIORITY[s[2]], s[0] - s[1], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def find_pii(text: str) -> list[Span]:
    """Spans of personal data in ``text`` as ``(start, end, kind)``, sorted and non-overlapping."""
    if not text:
        return []
    return _resolve(_regex_spans(text) + _number_spans(text))


def redact_counts(text: str) -> tuple[str, Counter]:
    """Redact one text and count the placeholders inserted per type.

    Returns:
        The redacted text and a ``Counter`` keyed by ``email``, ``phone``, ``nik``, ``card``, ``account``,
        ``address``, ``name``.
    """
    counts: Counter = Counter()
    spans = find_pii(text)
    if not spans:
        return text, counts
    out, pos = [], 0
    for start, end, kind in spans:
        out += [text[pos:start], PLACEHOLDERS[kind]]
        counts[kind] += 1
        pos = end
    out.append(text[pos:])
    return "".join(out), counts


def redact(text: str) -> str:
    """Replace personal data in ``text`` by typed placeholders (see the module docstring)."""
    return redact_counts(text)[0]


def contains_pii(text: str | None) -> bool:
    """True when ``text`` holds anything :func:`redact` would replace (e.g. an e-mail used as a record id)."""
    return bool(text) and bool(find_pii(text))


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
