"""Config sections of the warehouse layer (files, sources, ingestion, report) and the settings it reads.

``flows/config.py`` composes these with the NLP sections into ``SuaraConfig``; warehouse functions name what they
need through :class:`WarehouseSettings`, which ``SuaraConfig`` satisfies, so this layer never imports ``flows``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol

from pydantic import Field, field_validator
from suara.nlp.config import EnrichConfig, ThemeConfig, TouchpointConfig
from suara.nlp.embeddings.config import EmbeddingConfig
from suara.nlp.section import Section
from suara.nlp.sentiment.config import SentimentConfig


class WarehouseConfig(Section):
    """Where the DuckDB warehouse lives."""

    path: Path = Path("suara.duckdb")
    """DuckDB file the job writes (relative paths resolve against the config file)."""
    snapshot_path: Path | None = None
    """Read-only copy published after each successful run for analysts; default `<path stem>.snapshot.duckdb`."""
    lock_timeout_s: float = Field(default=180.0, ge=0)
    """Seconds a step waits for another process (e.g. an analyst's reader) to release the warehouse; then exit 4."""


ColumnRole = Literal[
    "id", "text", "created_at", "nps", "csat", "ces", "rating", "channel", "touchpoint", "customer_id"
]


ColumnRole = Literal[
    "id", "text", "created_at", "nps", "csat", "ces", "rating", "channel", "touchpoint", "customer_id"
]


class SourceConfig(Section):
    """One feedback source: files matched by a glob, read in one format, mapped to Suara's columns."""

    name: str
    """Unique source name; shows in `marts.feedback.source`."""
    kind: Literal["survey", "review", "ticket"]
    """What the records are."""
    path: str
    """Glob of input files, relative to the config file."""
    format: Literal["csv", "jsonl", "parquet"] = "csv"
    """File format."""
    delimiter: str | None = None
    """CSV delimiter; auto-detected (`,` `;` tab) when unset."""
    columns: dict[ColumnRole, str]
    """Map from Suara's column role to the column name in the file; `id`, `text` and `created_at` are required."""
    touchpoint: str | None = None
    """Touchpoint hint for every record of this source (e.g. a survey asked about delivery)."""

    @field_validator("columns")
    @classmethod
    def _required_roles(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [role for role in ("id", "text", "created_at") if role not in value]
        if missing:
            raise ValueError(f"columns must map {', '.join(missing)}")
        return value


class IngestConfig(Section):
    """Ingestion limits and privacy switches."""

    max_text_chars: int = 5000
    """Longer texts are cut to this many characters and flagged `text_truncated`."""
    keep_raw_text: bool = False
    """Store the unredacted text too. Off by default: personal data then never reaches the warehouse."""
    batch_rows: int = 50_000
    """Rows per committed batch."""
    customer_id_salt_env: str = "SUARA_CUSTOMER_SALT"
    """Environment variable holding the salt for hashing customer ids (a fixed default is used when unset)."""


class ReportConfig(Section):
    """Theme report output."""

    output_dir: Path = Path("reports")
    """Folder for `suara-report.html` and `suara-digest.md` (relative to the config file)."""
    period: Literal["week", "month"] = "week"
    """Reporting period of the headline figures."""
    top_n: int = 10
    """Pain points shown."""
    min_volume: int = 30
    """Figures from fewer items or responses get a "low volume" badge and are shown rounded."""
    quotes_per_item: int = 3
    """Representative quotes per pain point or bright spot (alternating languages)."""
    list_cap: int = 5
    """Emerging themes and bright spots listed before the rest fold into a collapsible list."""
    title: str = "Suara customer voice report"
    """Title of the HTML report and the digest."""


class WarehouseSettings(Protocol):
    """What warehouse steps read from the composed configuration (``suara.flows.config.SuaraConfig`` satisfies it)."""

    base_dir: Path
    sources: list[SourceConfig]
    ingest: IngestConfig
    embeddings: EmbeddingConfig
    sentiment: SentimentConfig
    enrich: EnrichConfig
    touchpoints: TouchpointConfig
    themes: ThemeConfig
    report: ReportConfig

    def resolve(self, path: Path | str) -> Path:
        """Resolve a path from the config against the config file's folder."""
        ...
