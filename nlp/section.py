"""Base of every typed config section (one frozen pydantic model per section).

Sections live beside what they configure (``nlp/``, ``warehouse/``, ``flows/``); ``flows/config.py`` composes
them into the whole configuration and loads it from YAML.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """Base of every config section: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)
