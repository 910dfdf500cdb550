"""Which text encoding an input file is in, and a UTF-8 view of it for DuckDB's readers.

Rule (README "Encodings"): a source's ``encoding:`` wins; else a byte-order mark decides
(UTF-8, UTF-16 LE/BE, UTF-32); else NUL bytes in every other position mean UTF-16 without
a mark; else the file is UTF-8 when it decodes as UTF-8, or when most of its non-ASCII bytes
form valid UTF-8 sequences (the few broken lines are then quarantined as
``invalid_encoding``); else it is Windows-1252 (Excel's "CSV" on Windows). The choice is
recorded per file in ``ops.files.encoding``. Files not in plain UTF-8 are transcoded line by
line into a temporary UTF-8 copy, so line numbers stay those of the original.

Text may have gone through two wrong decodings before it reached us: UTF-8 read as Windows-1252
(or Latin-1) and saved as Mac Roman, so that a typographic apostrophe arrives as ``‰Ûª`` (the bytes
``89 DB AA``) and a closing quote as ``‰Û`` plus an undefined byte. Crowd-labelled tweet exports
have it (on the SXSW brand tweets "ûªs" labelled themes), whether the file is Windows-1252 or was
re-saved as UTF-8. When most of a file's runs of two or more such characters undo completely into
UTF-8 characters (:func:`mojibake_share`; plain accented text such as "åä" rarely does, and never for
most of its runs), the file's how says ``mojibake repaired`` and each such run is repaired
(:func:`repair_text`) in the UTF-8 view the readers get.
"""

from __future__ import annotations

import codecs
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_VALID_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH = re.compile(rb"[\x80-\xff]")
_CHUNK = 1 << 22
_MAC_ROMAN = bytes(range(256)).decode("mac_roman")
_UNDEFINED_1252 = b"\x81\x8d\x8f\x90\x9d"
"""Bytes Windows-1252 leaves undefined: a wrong decoding passes them through as C1 control characters."""
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)} | {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0x100) if b not in _UNDEFINED_1252}
"""A character back to the byte a Latin-1 or Windows-1252 decoding made it from."""
_SUSPECT_RUN = re.compile("[" + re.escape("".join(sorted(_BYTE_OF))) + "]{2,}")
REPAIRED = "mojibake repaired"
"""Suffix of ``Encoding.how`` for a file whose doubly mis-decoded characters are repaired."""


@dataclass(frozen=True)
class Encoding:
    """A file's encoding (a Python codec name) and how it was chosen."""

    name: str
    how: str
    """``explicit`` (the source's key), ``bom``, ``utf-16 pattern``, ``utf-8``, ``utf-8 with broken lines``
    or ``fallback`` (Windows-1252); ``utf-8, mojibake repaired`` or ``fallback, mojibake repaired`` when doubly
    mis-decoded characters are repaired (module docstring)."""

    @property
    def is_utf8(self) -> bool:
        """True when DuckDB can read the file as it is (UTF-8, nothing to repair)."""
        return self.name == "utf-8" and not self.repaired

    @property
    def repaired(self) -> bool:
        """Whether the UTF-8 view repairs doubly mis-decoded characters."""
        return self.how.endswith(REPAIRED)

    def describe(self) -> str:
        """E.g. ``utf-16 (bom)`` for the run summary and ``ops.files``."""
        return f"{self.name} ({self.how})"


def detect(path: Path, explicit: str | None = None) -> Encoding:
    """The encoding of ``path`` by the rule in the module docstring."""
    if explicit:
        return Encoding(codecs.lookup(explicit).name, "explicit")
    with path.open("rb") as fh:
        head = fh.read(4096)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, "bom")
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return Encoding("utf-16-le", "utf-16 pattern")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return Encoding("utf-16-be", "utf-16 pattern")
    return _utf8_or_fallback(path)


def _utf8_or_fallback(path: Path) -> Encoding:
    decoder = codecs.getincrementaldecoder("utf-8")()
    suspect = repairable = 0
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                runs = _runs(decoder.decode(chunk))
                suspect, repairable = suspect + runs[0], repairable + runs[1]
            decoder.decode(b"", final=True)
        return Encoding("utf-8", "utf-8, " + REPAIRED if _damaged(suspect, repairable) else "utf-8")
    except UnicodeDecodeError:
        pass
    data = path.read_bytes()
    valid = sum(len(m) for m in _VALID_MULTIBYTE.findall(data))
    if valid * 2 > len(_HIGH.findall(data)):
        return Encoding("utf-8", "utf-8 with broken lines")
    if _damaged(*_runs(_decode_1252(data))):
        return Encoding("cp1252", "fallback, " + REPAIRED)
    return Encoding("cp1252", "fallback")


MIN_REPAIRS = 3
"""Runs that must undo completely before a file counts as damaged (one "åä" is no evidence)."""


def _damaged(suspect: int, repairable: int) -> bool:
    """Whether most suspect runs, and at least ``MIN_REPAIRS``, undo completely (module docstring)."""
    return repairable >= MIN_REPAIRS and repairable * 2 > suspect


def _decode_1252(data: bytes) -> str:
    """Windows-1252, its five undefined bytes as the C1 control characters Latin-1 would make of them."""
    return data.decode("cp1252", "latin1_passthrough")


def _latin1_passthrough(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("latin-1"), error.end


codecs.register_error("latin1_passthrough", _latin1_passthrough)


def _runs(text: str) -> tuple[int, int]:
    """Runs of 2+ characters a wrong decoding could have made in ``text``, and how many of them undo completely."""
    runs = [_repair_run(m.group(0)) for m in _SUSPECT_RUN.finditer(text)]
    return len(runs), sum(complete for _, _, complete in runs)


def mojibake_share(text: str) -> float:
    """Share of the runs of 2+ suspect characters of ``text`` that undo completely into UTF-8 characters."""
    suspect, repairable = _runs(text)
    return repairable / suspect if suspect else 0.0


def _undo(segment: bytes) -> str | None:
    """The one character ``segment`` (Mac Roman bytes of UTF-8 read as Windows-1252) was, else ``None``."""
    try:
        written = b"".join(bytes([b]) if b in _UNDEFINED_1252 else _MAC_ROMAN[b].encode("cp1252") for b in segment)
        char = written.decode("utf-8")
    except UnicodeError:
        return None
    return char if len(char) == 1 and ord(char) > 0x9F else None  # never a C1 control: text has none


def repair_text(text: str) -> tuple[str, int]:
    """``text`` with each doubly mis-decoded character (module docstring) undone, and how many were.

    Characters that do not undo (plain accented letters, a sequence whose last byte the export lost) stay.
    """
    repaired = 0

    def fix(match: re.Match) -> str:
        nonlocal repaired
        out, count, _ = _repair_run(match.group(0))
        repaired += count
        return out

    return _SUSPECT_RUN.sub(fix, text), repaired


def _repair_run(run: str) -> tuple[str, int, bool]:
    """One run of suspect characters undone where it can be: the text, characters undone, whether all of it."""
    raw, out, i, count, complete = bytes(_BYTE_OF[c] for c in run), [], 0, 0, True
    while i < len(run):
        for width in (3, 2, 4):
            char = _undo(raw[i : i + width]) if i + width <= len(run) else None
            if char is not None:
                out.append(char)
                count += 1
                i += width
                break
        else:
            out.append(run[i])
            complete = False
            i += 1
    return "".join(out), count, complete


@contextmanager
def utf8_view(path: Path, encoding: Encoding) -> Iterator[Path]:
    """``path`` itself when it is UTF-8, else a temporary UTF-8 copy (removed on exit)."""
    if encoding.is_utf8:
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="suara-enc-"))
    try:
        target = folder / (path.stem + ".utf8" + path.suffix)
        if encoding.name in ("cp1252", "utf-8"):
            _transcode(path, target, encoding)
        else:
            with path.open(encoding=encoding.name, newline="") as src, target.open(
                "w", encoding="utf-8", newline=""
            ) as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _transcode(path: Path, target: Path, encoding: Encoding) -> None:
    """Windows-1252 or UTF-8 to UTF-8, line by line, doubly mis-decoded characters repaired when ``repaired``.

    The five bytes Windows-1252 leaves undefined stay visible as backslash escapes rather than fail the file.
    """
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        for line in src:
            text = _decode_1252(line) if encoding.name == "cp1252" else line.decode("utf-8")
            if encoding.repaired:
                text = repair_text(text)[0]
            if encoding.name == "cp1252":
                text = _C1.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
            dst.write(text)


_C1 = re.compile("[" + "".join(chr(b) for b in _UNDEFINED_1252) + "]")


def raw_lines(path: Path, numbers: set[int], encoding: Encoding) -> dict[int, str]:
    """The given 1-based lines of the original file, decoded without damage (bad bytes as backslash escapes)."""
    found: dict[int, str] = {}
    if not numbers:
        return found
    codec = "utf-8" if encoding.is_utf8 else encoding.name
    with path.open("rb") as fh:
        data = fh.read()
    text = data.decode(codec, errors="backslashreplace")
    for n, line in enumerate(text.split("\n"), start=1):
        if n in numbers:
            found[n] = line.rstrip("\r")
            if len(found) == len(numbers):
                break
    return found
