"""Journey taxonomy: stages and touchpoints loaded from a YAML file a company edits.

The file format is documented at the top of ``configs/journey.yaml``. Loading
validates everything and raises :class:`TaxonomyError` naming the file and the
key (``touchpoints[3].stage``) so a wrong edit is easy to find.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

UNLINKED = "unlinked"
"""Touchpoint id of an item that no touchpoint passes the threshold for (reserved)."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KINDS = {"survey", "review", "ticket"}


class TaxonomyError(ValueError):
    """The taxonomy file is missing or invalid; the message names the file and the key."""


@dataclass(frozen=True)
class Stage:
    """One journey stage."""

    id: str
    name: dict[str, str]


@dataclass(frozen=True)
class Touchpoint:
    """One touchpoint: where in the journey it sits and how customers talk about it."""

    id: str
    stage: str
    name: dict[str, str]
    description: dict[str, str]
    seeds: dict[str, tuple[str, ...]]
    keywords: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def prototype_texts(self) -> list[str]:
        """Descriptions and seed phrases of every language (what the linker embeds)."""
        texts = list(self.description.values())
        for phrases in self.seeds.values():
            texts.extend(phrases)
        return texts


@dataclass(frozen=True)
class Taxonomy:
    """A validated journey taxonomy; ``hash`` identifies the file's content."""

    stages: tuple[Stage, ...]
    touchpoints: tuple[Touchpoint, ...]
    path: str
    hash: str

    @property
    def ids(self) -> list[str]:
        """Touchpoint ids in file order."""
        return [tp.id for tp in self.touchpoints]

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with this id (``KeyError`` when unknown)."""
        for tp in self.touchpoints:
            if tp.id == touchpoint_id:
                return tp
        raise KeyError(touchpoint_id)

    def stage_of(self, touchpoint_id: str) -> str | None:
        """Journey stage id of a touchpoint; ``None`` for ``unlinked`` or unknown ids."""
        try:
            return self.touchpoint(touchpoint_id).stage
        except KeyError:
            return None

    def resolve_hint(self, hint: str | None) -> str | None:
        """Map a source's touchpoint hint (id, name in any language or alias) to a touchpoint id."""
        if not hint or not hint.strip():
            return None
        key = _fold(hint)
        for tp in self.touchpoints:
            names = [tp.id, *tp.name.values(), *tp.aliases]
            if key in {_fold(n) for n in names}:
                return tp.id
        return None


def _fold(value: str) -> str:
    return re.sub(r"[\s\-_/&]+", " ", value.strip().lower())


def load_taxonomy(path: Path | str) -> Taxonomy:
    """Load and validate a journey taxonomy YAML file.

    Args:
        path: the YAML file (see ``configs/journey.yaml`` for the format).

    Raises:
        TaxonomyError: file missing, not YAML, or invalid; the message names the file and key.
    """
    path = Path(path)
    if not path.is_file():
        raise TaxonomyError(f"{path}: taxonomy file not found")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from exc
    check = _Checker(str(path))
    data = check.mapping(data, "top level")
    stages = tuple(_stage(check, item, f"stages[{i}]") for i, item in enumerate(check.items(data, "stages")))
    check.unique([s.id for s in stages], "stages")
    stage_ids = [s.id for s in stages]
    touchpoints = tuple(
        _touchpoint(check, item, f"touchpoints[{i}]", stage_ids)
        for i, item in enumerate(check.items(data, "touchpoints"))
    )
    check.unique([t.id for t in touchpoints], "touchpoints")
    unknown = set(data) - {"stages", "touchpoints", "version"}
    if unknown:
        check.fail(", ".join(sorted(unknown)), "unknown key (expected stages, touchpoints)")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return Taxonomy(stages=stages, touchpoints=touchpoints, path=str(path), hash=digest)


def _stage(check: _Checker, item: object, key: str) -> Stage:
    item = check.mapping(item, key)
    check.keys(item, key, allowed={"id", "name"})
    return Stage(id=check.ident(item, key), name=check.lang_map(item, key, "name"))


def _touchpoint(check: _Checker, item: object, key: str, stage_ids: list[str]) -> Touchpoint:
    item = check.mapping(item, key)
    allowed = {"id", "stage", "name", "description", "seeds", "keywords", "channels", "kinds", "aliases"}
    check.keys(item, key, allowed=allowed)
    tp_id = check.ident(item, key)
    if tp_id == UNLINKED:
        check.fail(f"{key}.id", f"'{UNLINKED}' is reserved for items with no touchpoint")
    stage = check.string(item, key, "stage")
    if stage not in stage_ids:
        check.fail(f"{key}.stage", f"unknown stage '{stage}' (stages: {', '.join(stage_ids)})")
    seeds = check.seeds(item, key)
    kinds = check.strings(item, key, "kinds")
    bad = [k for k in kinds if k not in _KINDS]
    if bad:
        check.fail(f"{key}.kinds", f"unknown kind {bad[0]!r} (kinds: survey, review, ticket)")
    return Touchpoint(
        id=tp_id, stage=stage, name=check.lang_map(item, key, "name"),
        description=check.lang_map(item, key, "description"), seeds=seeds,
        keywords=check.strings(item, key, "keywords"), channels=check.strings(item, key, "channels"),
        kinds=kinds, aliases=check.strings(item, key, "aliases"),
    )


class _Checker:
    """Small validators that raise :class:`TaxonomyError` with ``file: key: problem``."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str) -> None:
        raise TaxonomyError(f"{self.file}: {key}: {problem}")

    def mapping(self, value: object, key: str) -> dict:
        if not isinstance(value, dict):
            self.fail(key, f"must be a mapping, got {type(value).__name__}")
        return value

    def items(self, data: dict, key: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.fail(key, "missing or not a non-empty list")
        return value

    def keys(self, item: dict, key: str, allowed: set[str]) -> None:
        unknown = sorted(set(item) - allowed)
        if unknown:
            self.fail(f"{key}.{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def unique(self, ids: list[str], key: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(ids):
            if value in seen:
                self.fail(f"{key}[{i}].id", f"duplicate id '{value}'")
            seen.add(value)

    def string(self, item: dict, key: str, field: str) -> str:
        value = item.get(field)
        if value is None:
            self.fail(f"{key}.{field}", "missing")
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key}.{field}", f"must be a non-empty string, got {value!r}")
        return value.strip()

    def ident(self, item: dict, key: str) -> str:
        value = self.string(item, key, "id")
        if not _ID.match(value):
            self.fail(f"{key}.id", f"'{value}' must be snake_case (lowercase letters, digits, _)")
        return value

    def lang_map(self, item: dict, key: str, field: str) -> dict[str, str]:
        value = item.get(field)
        if value is None:
            self.fail(f"{key}.{field}", "missing (give it per language, e.g. {en: ..., id: ...})")
        if isinstance(value, str):  # one text for all languages is fine
            value = {"any": value}
        if not isinstance(value, dict) or not value:
            self.fail(f"{key}.{field}", f"must be a mapping of language to text, got {type(value).__name__}")
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{key}.{field}.{lang}", f"must be a non-empty string, got {text!r}")
        return {str(lang): text.strip() for lang, text in value.items()}

    def strings(self, item: dict, key: str, field: str) -> tuple[str, ...]:
        value = item.get(field, [])
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(f"{key}.{field}", f"must be a list of strings, got {type(value).__name__}")
        for i, text in enumerate(value):
            if not isinstance(text, str | int | float) or not str(text).strip():
                self.fail(f"{key}.{field}[{i}]", f"must be a non-empty string, got {text!r}")
        return tuple(str(text).strip() for text in value)

    def seeds(self, item: dict, key: str) -> dict[str, tuple[str, ...]]:
        value = item.get("seeds", {})
        if isinstance(value, list):  # seeds without a language split
            value = {"any": value}
        if not isinstance(value, dict):
            self.fail(f"{key}.seeds", f"must be a mapping of language to phrases, got {type(value).__name__}")
        return {str(lang): self.strings(value, f"{key}.seeds", lang) for lang in value}
