"""The records the demo generator passes between its parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from suara.warehouse.demo.people import Customer
from suara.warehouse.demo.themes import WINDOW_DAYS


@dataclass
class Item:
    """One generated feedback item and its ground truth."""

    source: str
    language: str
    created_at: datetime
    customer: Customer
    theme: str
    touchpoints: tuple[str, ...]
    story: str
    sentiment: str
    text: str | None = None
    pii: str = ""
    channel: str = ""
    scores: dict[str, int | None] = field(default_factory=dict)
    source_id: str = ""
    malformed: str = ""
    """Why ingestion should reject the row (empty for a good row)."""
    note: str = ""
    overrides: dict[str, object] = field(default_factory=dict)
    """Column values written instead of the generated ones (malformed rows)."""


@dataclass(frozen=True)
class DemoFiles:
    """What :func:`generate_demo` wrote."""

    root: Path
    config: Path
    sources: dict[str, tuple[Path, ...]]
    truth: Path
    counts: dict[str, int]
    """Items per source (good rows plus planted malformed rows)."""


def window_start(end: date) -> date:
    """First day of the demo window ending at ``end``."""
    return end - timedelta(days=WINDOW_DAYS - 1)
