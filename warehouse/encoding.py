"""Which text encoding an input file is in, and a UTF-8 view of it for DuckDB's readers.

Rule (README "Encodings"): a source's ``encoding:`` wins; else a byte-order mark decides
(UTF-8, UTF-16 LE/BE, UTF-32); else NUL bytes in every other position mean UTF-16 without
a mark; else the file is UTF-8 when it decodes as UTF-8, or when most of its non-ASCII bytes
form valid UTF-8 sequences (the few broken lines are then quarantined as
``invalid_encoding``); else it is Windows-1252 (Excel's "CSV" on Windows). The choice is
recorded per file in ``ops.files.encoding``. Files not in plain UTF-8 are transcoded line by
line into a temporary UTF-8 copy, so line numbers stay those of the original.
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
    return Encoding("cp1252", "fallback")


@contextmanager
def utf8_view(path: Path, encoding: Encoding) -> Iterator[Path]:
    """``path`` itself when it is UTF-8, else a temporary UTF-8 copy (removed on exit)."""
    if encoding.is_utf8:
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="suara-enc-"))
    try:
        target = folder / (path.stem + ".utf8" + path.suffix)
        # cp1252 leaves five bytes undefined: keep them visible rather than fail the file
        errors = "backslashreplace" if encoding.name == "cp1252" else "strict"
        with path.open(encoding=encoding.name, errors=errors, newline="") as src, target.open(
            "w", encoding="utf-8", newline=""
        ) as dst:
            shutil.copyfileobj(src, dst, _CHUNK)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
