"""Analyst curation of themes: rename, merge, hide, pin and group, applied on every run (issue 16).

The file (config key ``curation:``, YAML, relative to the config file)::

    rename: {T0003: "Payment fails at checkout"}     # the analyst's label replaces the automatic one
    merge: {T0003: [T0011, T0015]}                    # T0011 and T0015 are shown as T0003
    hide: [T0007]                                     # out of pain points and the report; still in marts.themes
    pin: [T0003]                                      # a refit never retires or merges this id away
    groups: {Payments: [T0003, T0004]}                # a parent label over several themes

Ids are the stable ``theme_id`` of ``marts.themes``. The file is read into ``core.theme_curation`` before the
marts are built; ids the registry no longer knows (or retired, or merged itself) land in ``ops.curation_issues``
and the run's counts, never silently.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from suara.warehouse.db import read_sql


class CurationError(ValueError):
    """The curation file is missing or invalid; the message names the file and the key."""


class Curation(BaseModel):
    """The analyst's curation file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rename: dict[str, str] = Field(default_factory=dict)
    merge: dict[str, list[str]] = Field(default_factory=dict)
    hide: list[str] = Field(default_factory=list)
    pin: list[str] = Field(default_factory=list)
    groups: dict[str, list[str]] = Field(default_factory=dict)

    def merged_into(self) -> dict[str, str]:
        """Map from each merged-away id to the id it is shown as."""
        return {source: target for target, sources in self.merge.items() for source in sources}

    def rows(self) -> list[dict]:
        """One row of ``core.theme_curation`` per theme the file names."""
        merged = self.merged_into()
        group_of = {theme: group for group, themes in self.groups.items() for theme in themes}
        ids = sorted({*self.rename, *merged, *self.merge, *self.hide, *self.pin, *group_of})
        return [
            {
                "theme_id": theme, "label": self.rename.get(theme), "theme_group": group_of.get(theme),
                "hidden": theme in self.hide, "pinned": theme in self.pin, "merged_into": merged.get(theme),
            }
            for theme in ids
        ]


def _check(curation: Curation, path: Path) -> None:
    twice = [t for t, sources in curation.merge.items() if len(sources) != len(set(sources))]
    seen: dict[str, str] = {}
    for target, sources in curation.merge.items():
        for source in sources:
            if source == target:
                raise CurationError(f"{path}: merge: {target} is merged into itself")
            if source in seen and seen[source] != target:
                raise CurationError(f"{path}: merge: {source} is merged into both {seen[source]} and {target}")
            seen[source] = target
    if twice:
        raise CurationError(f"{path}: merge: {twice[0]} lists an id twice")
    merged = curation.merged_into()
    chained = sorted(set(merged) & set(curation.merge))
    if chained:
        raise CurationError(f"{path}: merge: {chained[0]} is merged away and is also a merge target; "
                            f"merge everything into one id")


def load_curation(path: Path | None) -> Curation:
    """Read and validate a curation file; an empty :class:`Curation` when ``path`` is ``None``.

    Raises:
        CurationError: the file is missing, not YAML, has an unknown key or contradicts itself.
    """
    if path is None:
        return Curation()
    if not path.is_file():
        raise CurationError(f"{path}: curation file not found (config key `curation`)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        curation = Curation.model_validate(data)
    except yaml.YAMLError as exc:
        raise CurationError(f"{path}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise CurationError(f"{path}: {where}") from exc
    _check(curation, path)
    return curation


def apply_curation(con, curation: Curation) -> dict:
    """Write ``curation`` into ``core.theme_curation``, record problems; return counts and the problems."""
    con.execute(read_sql("curation/clear.sql"))
    upsert = read_sql("curation/upsert.sql")
    for row in curation.rows():
        con.execute(upsert, row)
    con.execute(read_sql("curation/check.sql"))
    problems = con.execute(read_sql("curation/problems.sql")).fetchall()
    return {
        "curated_themes": len(curation.rows()), "renamed": len(curation.rename),
        "merged": len(curation.merged_into()), "hidden": len(curation.hide),
        "curation_problems": [p[0] for p in problems],
    }


def list_themes(con) -> list[dict]:
    """Every theme of ``marts.themes`` with its label, size, negative share and one sample (redacted) quote."""
    cursor = con.execute(read_sql("curation/list_themes.sql"))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
