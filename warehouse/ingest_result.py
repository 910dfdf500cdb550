"""What one ingestion run did, per file and per source, and whether the run is ``degraded``.

Every input row is accounted for, per file: ``rows_read = inserted + updated + unchanged +
quarantined + stale_ignored``, where ``quarantined`` counts rows not loaded (kind ``row``,
duplicate ids included). Fields set to NULL on rows that did load (kind ``field``) are counted
apart in ``fields_nulled``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

LOADED = ("inserted", "updated", "unchanged", "stale_ignored")
"""Outcome counters of the rows not quarantined: inserted, updated, unchanged, or an older version ignored."""
ACCOUNTED = ("inserted", "updated", "unchanged", "quarantined", "stale_ignored")
"""Outcome counters that together cover every row read."""


@dataclass
class FileResult:
    """One input file's outcome."""

    path: str
    status: str = "loaded"
    """``loaded`` | ``failed`` (the error says why; the file is retried next run)."""
    error: str | None = None
    encoding: str | None = None
    date_rule: str | None = None
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    stale_ignored: int = 0
    cursor: object = None
    """Database sources: the largest incremental-cursor value read (saved when the load commits)."""

    def accounted(self) -> int:
        """Rows the outcome counters cover; equals ``rows_read`` for every finished file."""
        return sum(getattr(self, name) for name in ACCOUNTED)


@dataclass
class SourceResult:
    """Counts for one source in one ingestion run."""

    files_read: int = 0
    files_skipped: int = 0
    files_failed: int = 0
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stale_ignored: int = 0
    quarantined: Counter = field(default_factory=Counter)
    """Rows not loaded, per reason."""
    fields_nulled: Counter = field(default_factory=Counter)
    """Side fields set to NULL on loaded rows, per ``field:reason``."""
    pii_redacted: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)

    def add_file(self, fr: FileResult) -> None:
        """Fold one finished file's counters into the source's."""
        self.files.append(fr)
        self.rows_read += fr.rows_read
        for name in LOADED:
            setattr(self, name, getattr(self, name) + getattr(fr, name))

    def degraded_reasons(self, max_share: float) -> list[str]:
        """Why this source makes the run ``degraded``: a failed file, nothing loaded, too much quarantined."""
        reasons = list(self.errors)
        loaded = sum(getattr(self, name) for name in LOADED)
        bad = sum(self.quarantined.values())
        if self.files_read and self.rows_read and not loaded:
            reasons.append(f"loaded nothing: all {self.rows_read:,} rows read were quarantined")
        elif self.rows_read and bad / self.rows_read > max_share:
            reasons.append(
                f"quarantined {bad:,} of {self.rows_read:,} rows ({bad / self.rows_read:.0%}, "
                f"more than ingest.max_quarantine_share {max_share:.0%})"
            )
        return reasons


@dataclass
class IngestResult:
    """What one call of :func:`suara.warehouse.load.ingest_sources` did, per source."""

    load_id: str
    max_quarantine_share: float = 0.2
    sources: dict[str, SourceResult] = field(default_factory=dict)

    def total(self, name: str) -> int:
        """Sum of an integer counter (e.g. ``"inserted"``) over all sources."""
        return sum(getattr(s, name) for s in self.sources.values())

    @property
    def quarantined(self) -> Counter:
        """Quarantined (not loaded) rows per reason over all sources."""
        return sum((s.quarantined for s in self.sources.values()), Counter())

    @property
    def degraded(self) -> list[str]:
        """``source: reason`` for every source that went wrong; empty when the run is a success."""
        return [
            f"{name}: {reason}"
            for name, s in self.sources.items()
            for reason in s.degraded_reasons(self.max_quarantine_share)
        ]

    def as_dict(self) -> dict:
        """JSON-able summary: totals, the per-source breakdown, ``status`` and ``degraded_reason``.

        ``status`` is ``degraded`` when any source failed (the run recorder marks the run so).
        """
        names = ("files_read", "files_skipped", "files_failed", "rows_read", *LOADED)
        sources = {
            n: {
                **asdict(s),
                "quarantined": dict(s.quarantined),
                "fields_nulled": dict(s.fields_nulled),
                "pii_redacted": dict(s.pii_redacted),
            }
            for n, s in self.sources.items()
        }
        degraded = self.degraded
        return {
            "load_id": self.load_id,
            **{k: self.total(k) for k in names},
            "quarantined": dict(self.quarantined),
            "status": "degraded" if degraded else "success",
            "degraded_reason": "; ".join(degraded) or None,
            "sources": sources,
        }
