"""Which text encoding an input file is in, and a UTF-8 view of it for DuckDB's readers.

Rule (README "Encodings"): a source's ``encoding:`` wins; else a byte-order mark decides
(UTF-8, UTF-16 LE/BE, UTF-32); else NUL bytes in every other position mean UTF-16 without
a mark; else the file is UTF-8 when it decodes as UTF-8, or when most of its non-ASCII bytes
form valid UTF-8 sequences (the few broken lines are then quarantined as
``invalid_encoding``); else it is Windows-1252 (Excel's "CSV" on Windows). The choice is
recorded per file in ``ops.files.encoding``. Files not in plain UTF-8 are transcoded line by
line into a temporary UTF-8 copy, so line numbers stay those of the original.

A Windows-1252 file may carry text that went through two wrong decodings before it reached us:
UTF-8 read as Windows-1252 and saved as Mac Roman, so that a typographic apostrophe arrives as the
three bytes ``89 DB AA`` (``‰Ûª``). Crowd-labelled tweet exports have it (on the SXSW brand tweets
"ûªs" labelled themes). When most of a Windows-1252 file's runs of two or more non-ASCII bytes
undo completely into UTF-8 characters (:func:`mojibake_share`; plain Windows-1252 text such as
"åä" rarely does, and never for most of its runs), the file is read as ``cp1252`` with how
``fallback, mojibake repaired`` and each such run is repaired (:func:`repair_mojibake`).
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
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
_MAC_ROMAN = bytes(range(256)).decode("mac_roman")
_UNDEFINED_1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
"""Bytes Windows-1252 leaves undefined: the wrong decoding passed them through unchanged."""


@dataclass(frozen=True)
class Encoding:
    """A file's encoding (a Python codec name) and how it was chosen."""

    name: str
    how: str
    """``explicit`` (the source's key), ``bom``, ``utf-16 pattern``, ``utf-8``, ``utf-8 with broken lines``
    or ``fallback`` (Windows-1252)."""

    @property
    def is_utf8(self) -> bool:
        """True when DuckDB can read the file as it is."""
        return self.name == "utf-8"

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
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return Encoding("utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    data = path.read_bytes()
    valid = sum(len(m) for m in _VALID_MULTIBYTE.findall(data))
    if valid * 2 > len(_HIGH.findall(data)):
        return Encoding("utf-8", "utf-8 with broken lines")
    if mojibake_share(data) > 0.5:
        return Encoding("cp1252", REPAIRED)
    return Encoding("cp1252", "fallback")


def mojibake_share(data: bytes) -> float:
    """Share of the runs of 2+ non-ASCII bytes of ``data`` that undo completely into UTF-8 characters."""
    runs = _HIGH_RUN.findall(data)
    return sum(_undoes_completely(run) for run in runs) / len(runs) if runs else 0.0


def _undoes_completely(run: bytes) -> bool:
    fixed, _ = repair_mojibake(run)
    return not any(part for i, part in enumerate(fixed.split(_MARK)) if i % 2 == 0)


def _undo(segment: bytes) -> str | None:
    """The one character ``segment`` (Mac Roman bytes of UTF-8 read as Windows-1252) was, else ``None``."""
    try:
        written = b"".join(bytes([b]) if b in _UNDEFINED_1252 else _MAC_ROMAN[b].encode("cp1252") for b in segment)
        char = written.decode("utf-8")
    except UnicodeError:
        return None
    return char if len(char) == 1 and ord(char) > 0x7F else None


def repair_mojibake(line: bytes) -> tuple[bytes, int]:
    """``line`` of a Windows-1252 file with each doubly mis-decoded character (module docstring) as UTF-8.

    Returns the line, still Windows-1252 except for the repaired characters (UTF-8 bytes marked by
    :func:`decode_line`), and how many characters were repaired.
    """
    repaired = 0

    def fix(match: re.Match) -> bytes:
        nonlocal repaired
        run, out, i = match.group(0), [], 0
        while i < len(run):
            for width in (3, 2, 4):
                char = _undo(run[i : i + width]) if i + width <= len(run) else None
                if char is not None:
                    out.append(_MARK + char.encode("utf-8") + _MARK)
                    repaired += 1
                    i += width
                    break
            else:
                out.append(run[i : i + 1])
                i += 1
        return b"".join(out)

    return _HIGH_RUN.sub(fix, line), repaired


REPAIRED = "fallback, mojibake repaired"
"""``Encoding.how`` of a Windows-1252 file whose doubly mis-decoded characters are repaired."""
_MARK = b"\x00"
"""Brackets a repaired character inside a Windows-1252 line until it is decoded (NUL never occurs in text)."""


def decode_line(line: bytes, codec: str, errors: str) -> str:
    """A line as text: repaired characters (:func:`repair_mojibake`) as UTF-8, the rest in ``codec``."""
    if _MARK not in line:
        return line.decode(codec, errors)
    parts = line.split(_MARK)
    return "".join(p.decode("utf-8") if i % 2 else p.decode(codec, errors) for i, p in enumerate(parts))


@contextmanager
def utf8_view(path: Path, encoding: Encoding) -> Iterator[Path]:
    """``path`` itself when it is UTF-8, else a temporary UTF-8 copy (removed on exit)."""
    if encoding.is_utf8:
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="suara-enc-"))
    try:
        target = folder / (path.stem + ".utf8" + path.suffix)
        if encoding.name == "cp1252":
            _transcode_cp1252(path, target, repair=encoding.how == REPAIRED)
        else:
            with path.open(encoding=encoding.name, newline="") as src, target.open(
                "w", encoding="utf-8", newline=""
            ) as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _transcode_cp1252(path: Path, target: Path, repair: bool) -> None:
    """Windows-1252 to UTF-8, line by line; with ``repair``, doubly mis-decoded characters repaired.

    The five bytes Windows-1252 leaves undefined stay visible as backslash escapes rather than fail the file.
    """
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        for line in src:
            if not repair or _MARK in line:  # a NUL byte of the file itself: nothing to confuse with a mark
                dst.write(line.decode("cp1252", "backslashreplace"))
                continue
            fixed, _ = repair_mojibake(line)
            dst.write(decode_line(fixed, "cp1252", "backslashreplace"))


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
