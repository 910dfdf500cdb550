"""Parsing the dates real exports write, and deciding day-first vs month-first per file.

DuckDB parses the common ISO forms in bulk (``staging/date_macros.sql``); this module handles
the values it leaves, once per distinct value: day-first / month-first numbers with ``/`` ``-``
``.`` separators, month names in English and Indonesian (``1 Nov 2026``, ``Nov 1, 2026``,
``1 Nov. 2026 10.15 WIB``), ``YYYYMMDD``, epoch seconds or milliseconds and Excel serial days.

Rules (README "Dates"):
- Whether ``03/04/2026`` is 3 April or 4 March is decided per file from the data: any first
  field above 12 makes the file day-first, any second field above 12 month-first. A file
  where it stays ambiguous uses the source's ``date_order`` or ``ingest.date_order``; a value
  that contradicts the file's order is ``unparseable_date``. :class:`DateRule` says which rule.
- A source's ``date_format`` (a ``strptime`` pattern) replaces all guessing.
- Times without a zone are local times of the source's ``timezone``; ``WIB``/``WITA``/``WIT``,
  ``Z``/``UTC``/``GMT`` and ``+07:00`` offsets are honoured; epoch values are UTC. Every value is
  returned as a naive UTC ``datetime``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

ORDERS = ("dmy", "mdy", "ymd")
UNPARSEABLE = "unparseable_date"

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "peb": 2, "februari": 2, "february": 2, "pebruari": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "may": 5, "mei": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "agu": 8, "agt": 8, "agustus": 8, "august": 8, "ags": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "okt": 10, "oktober": 10, "october": 10,
    "nov": 11, "nop": 11, "november": 11, "nopember": 11,
    "dec": 12, "des": 12, "desember": 12, "december": 12,
}  # fmt: skip
_ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0}
_WEEKDAY = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun|senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)[a-z]*\.?,?\s+"
)
_NUMERIC = re.compile(r"^(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})(?=$|[\st,])")
_DAY_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})(?=$|[\s,t])")
_NAME_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?=$|[\s,t])")
_TIME = re.compile(
    r"^(?:[\st,]+|\s*(?:pukul|jam|at)\s+)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,6}))?)?\s*(am|pm)?"
)
_ZONE = re.compile(r"^\s*(?:(wib|wita|wit|utc|gmt|z)|(?:utc|gmt)?([+-])(\d{2}):?(\d{2})?)$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True)
class DateRule:
    """How a file's ambiguous numeric dates were read, for the run summary and ``ops.files``."""

    order: str
    """``dmy`` | ``mdy`` | ``ymd``, or ``format`` when ``date_format`` was given."""
    basis: str
    """``data`` (the file settled it), ``date_order`` (the source's key), ``default`` (``ingest.date_order``),
    ``date_format``, or ``none`` (the file has no ambiguous dates)."""
    evidence: str | None = None
    """A value that settled the order, or the format."""

    def describe(self) -> str:
        """One line for people: e.g. ``dmy (from the data: '24/02/2015')``."""
        if self.basis == "date_format":
            return f"date_format {self.evidence!r}"
        if self.basis == "data":
            return f"{self.order} (from the data: {self.evidence!r})"
        if self.basis == "date_order":
            return f"{self.order} (source date_order; the file does not settle it)"
        if self.basis == "default":
            return f"{self.order} (ingest.date_order default; the file does not settle it)"
        return "no ambiguous dates"


def zone(name: str) -> tzinfo:
    """The ``ZoneInfo`` for an IANA name; raises ``ValueError`` naming it when unknown."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as 'Asia/Jakarta')") from exc


def fixed_offset_seconds(tz: tzinfo, first_year: int, last_year: int) -> int | None:
    """The zone's UTC offset in seconds when it never changed in those years (no DST), else None."""
    offsets = {
        datetime(year, month, 1, tzinfo=tz).utcoffset() for year in range(first_year, last_year + 1) for month in (1, 7)
    }
    return int(offsets.pop().total_seconds()) if len(offsets) == 1 else None


def decide_order(values: Iterable[str], date_order: str | None, default: str) -> DateRule:
    """Day-first or month-first for one file, from its numeric ``a/b/yyyy`` values.

    Args:
        values: the file's raw date values that DuckDB's ISO parsing left.
        date_order: the source's ``date_order`` key (None when unset).
        default: ``ingest.date_order``.

    Returns:
        The rule: settled by the data when a first or second field exceeds 12 (the more frequent
        settles a file that has both), else the source's key, else the default.
    """
    evidence = {"dmy": None, "mdy": None}
    counts = {"dmy": 0, "mdy": 0}
    ambiguous = False
    for value in values:
        m = _NUMERIC.match(_clean(value))
        if not m or len(m.group(1)) > 2:
            continue
        a, b = int(m.group(1)), int(m.group(3))
        order = "dmy" if a > 12 >= b else "mdy" if b > 12 >= a else None
        if order:
            counts[order] += 1
            evidence[order] = evidence[order] or value
        else:
            ambiguous = True
    if counts["dmy"] or counts["mdy"]:
        order = "dmy" if counts["dmy"] >= counts["mdy"] else "mdy"
        return DateRule(order, "data", evidence[order])
    if not ambiguous:
        return DateRule(date_order or default, "none")
    if date_order:
        return DateRule(date_order, "date_order")
    return DateRule(default, "default")


def parse_values(
    values: Iterable[str], rule: DateRule, tz: tzinfo, date_format: str | None = None
) -> dict[str, datetime | None]:
    """Map each distinct raw value to a naive UTC ``datetime`` (None when it cannot be read)."""
    out: dict[str, datetime | None] = {}
    for value in values:
        if value not in out:
            out[value] = parse_one(value, rule.order, tz, date_format)
    return out


def parse_one(value: str, order: str, tz: tzinfo, date_format: str | None = None) -> datetime | None:
    """One raw value to naive UTC, reading ambiguous numeric dates in ``order``; None when unreadable."""
    try:
        if date_format:
            return _to_utc(datetime.strptime(value.strip(), date_format), tz)
        text = _clean(value)
        if _NUMBER.match(text):
            return _number(text, tz)
        return _text(text, order, tz)
    except (ValueError, OverflowError):
        return None


def _clean(value: str) -> str:
    return _WEEKDAY.sub("", " ".join(value.strip().lower().split()))


def _to_utc(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _number(text: str, tz: tzinfo) -> datetime | None:
    digits = text.split(".")[0]
    if len(digits) == 8 and "." not in text:
        return _to_utc(datetime.strptime(text, "%Y%m%d"), tz)
    if len(digits) in (9, 10):
        return datetime(1970, 1, 1) + timedelta(seconds=float(text))
    if len(digits) in (12, 13):
        return datetime(1970, 1, 1) + timedelta(milliseconds=float(text))
    if 20_000 <= float(text) < 80_000:  # Excel serial days (1954-2119), a local date and time
        return _to_utc(_EXCEL_EPOCH + timedelta(days=float(text)), tz)
    return None


def _text(text: str, order: str, tz: tzinfo) -> datetime | None:
    day = _date_part(text, order)
    if day is None:
        return None
    (year, month, mday), rest = day
    hour = minute = second = micro = 0
    m = _TIME.match(rest)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        second = int(m.group(3) or 0)
        micro = int((m.group(4) or "0").ljust(6, "0")[:6])
        if m.group(5):
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m.group(5) == "pm" else 0)
        rest = rest[m.end() :]
    moment = datetime(year, month, mday, hour, minute, second, micro)
    if not rest.strip():
        return _to_utc(moment, tz)
    z = _ZONE.match(rest)
    if not z:
        return None
    if z.group(1):
        offset = timedelta(hours=_ZONES[z.group(1)])
    else:
        sign = -1 if z.group(2) == "-" else 1
        offset = sign * timedelta(hours=int(z.group(3)), minutes=int(z.group(4) or 0))
    return moment - offset


def _date_part(text: str, order: str) -> tuple[tuple[int, int, int], str] | None:
    m = _NUMERIC.match(text)
    if m:
        a, b, c = int(m.group(1)), int(m.group(3)), m.group(4)
        if len(m.group(1)) == 4:
            ymd = (a, b, int(c))
        elif order == "ymd":
            ymd = (_year(m.group(1)), b, int(c))
        else:
            ymd = (_year(c), b, a) if order == "dmy" else (_year(c), a, b)
        return ymd, text[m.end() :]
    m = _DAY_NAME.match(text)
    if m and m.group(2) in _MONTHS:
        return (int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1))), text[m.end() :]
    m = _NAME_DAY.match(text)
    if m and m.group(1) in _MONTHS:
        return (int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2))), text[m.end() :]
    return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # spreadsheets' two-digit years: 00-69 are 2000s
        year += 2000 if year < 70 else 1900
    return year
