"""Config sections of the warehouse layer (files, sources, ingestion, report) and the settings it reads.

``flows/config.py`` composes these with the NLP sections into ``SuaraConfig``; warehouse functions name what they
need through :class:`WarehouseSettings`, which ``SuaraConfig`` satisfies, so this layer never imports ``flows``.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator
from suara.nlp.config import EnrichConfig, ThemeConfig, TouchpointConfig
from suara.nlp.embeddings.config import EmbeddingConfig
from suara.nlp.section import Section
from suara.nlp.sentiment.config import SentimentConfig
from suara.warehouse.presets import apply_preset


class WarehouseConfig(Section):
    """Where the DuckDB warehouse lives."""

    path: Path = Path("suara.duckdb")
    """DuckDB file the job writes (relative paths resolve against the config file)."""
    snapshot_path: Path | None = None
    """Read-only copy published after each successful run for analysts; default `<path stem>.snapshot.duckdb`."""
    lock_timeout_s: float = Field(default=180.0, ge=0)
    """Seconds a step waits for another process (e.g. an analyst's reader) to release the warehouse; then exit 4."""


ColumnRole = Literal[
    "id", "text", "created_at", "nps", "csat", "ces", "rating", "channel", "touchpoint", "customer_id",
    "updated_at",
]
DateOrder = Literal["dmy", "mdy", "ymd"]


class SourceConfig(Section):
    """One feedback source: files matched by a glob, read in one format, mapped to Suara's columns."""

    name: str
    """Unique source name; shows in `marts.feedback.source`."""
    kind: Literal["survey", "review", "ticket"]
    """What the records are."""
    path: str
    """Glob of input files, relative to the config file."""
    format: Literal["csv", "jsonl", "parquet", "xlsx", "sqlite", "postgres"] = "csv"
    """File format, or a database (`sqlite`: `path` globs database files; `postgres`: `dsn_env`)."""
    table: str | None = None
    """sqlite/postgres: the table to read (or give `query`)."""
    query: str | None = None
    """sqlite/postgres: a SELECT to read instead of a table (with parameters, write `%` as `%%` for postgres)."""
    cursor: str | None = None
    """sqlite/postgres: incremental column; each run reads only rows with a larger value than loaded before."""
    dsn_env: str | None = None
    """postgres: name of the environment variable holding the connection string (never the string itself)."""
    sheet: str | int | None = None
    """xlsx: the sheet to read, by name or 0-based index; default the first."""
    delimiter: str | None = None
    """CSV delimiter; auto-detected (`,` `;` tab) when unset."""
    encoding: str | None = None
    """Text encoding of CSV/JSONL files (e.g. `cp1252`); unset: BOM/UTF-16 detection, UTF-8, then Windows-1252."""
    header_rows: int = Field(default=0, ge=0)
    """Rows under the column names to skip (question text, import ids): 2 for Qualtrics, 1 for SurveyMonkey."""
    date_format: str | None = None
    """`strptime` pattern for `created_at`/`updated_at` (e.g. `%d.%m.%Y %H:%M`); unset: the formats are detected."""
    date_order: DateOrder | None = None
    """How to read `03/04/2026` when the file itself does not settle it; unset: `ingest.date_order`."""
    timezone: str | None = None
    """IANA time zone of times written without one (e.g. `Asia/Makassar`); unset: `ingest.timezone`."""
    preset: str | None = None
    """A known export's keys (`google_play`, `qualtrics`, `surveymonkey`, `zendesk`, `marketplace`): see
    `warehouse/presets.py`; keys written here win, `columns` merge role by role."""
    columns: dict[ColumnRole, str]
    """Map from Suara's column role to the column name in the file; `id`, `text` and `created_at` are required."""
    touchpoint: str | None = None
    """Touchpoint hint for every record of this source (e.g. a survey asked about delivery)."""
    segments: dict[str, str] = Field(default_factory=dict)
    """Segment dimensions: `{dimension: column}` (e.g. `{region: region, app_version: app_version}`); dimension
    names are shared across sources; `marts.pain_point_segments` breaks every pain point down by them."""

    @model_validator(mode="before")
    @classmethod
    def _preset(cls, data: object) -> object:
        return apply_preset(data) if isinstance(data, dict) else data

    @field_validator("columns")
    @classmethod
    def _required_roles(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [role for role in ("id", "text", "created_at") if role not in value]
        if missing:
            raise ValueError(f"columns must map {', '.join(missing)}")
        return value

    @model_validator(mode="after")
    def _database_keys(self) -> SourceConfig:
        if self.format in ("sqlite", "postgres") and not (self.table or self.query):
            raise ValueError(f"format {self.format} needs `table` or `query`")
        if self.format == "postgres" and not self.dsn_env:
            raise ValueError("format postgres needs `dsn_env` (the environment variable with the connection string)")
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return _check_zone(value)

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 1:
            raise ValueError(f"must be one character (e.g. ';' or '\\t'), got {value!r}")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            codecs.lookup(value)  # raises LookupError (a ValueError) naming the encoding
        return value


def _check_zone(value: str | None) -> str | None:
    if value is not None:
        try:
            ZoneInfo(value)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as 'Asia/Jakarta')") from exc
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
    """Environment variable holding the salt for hashing customer ids; unset: a random salt created once per warehouse
    in `<warehouse>.salt` (mode 600, beside the file, never inside it or the snapshot)."""
    timezone: str = "Asia/Jakarta"
    """IANA time zone of times written without one (a source's `timezone` overrides it); stored times are UTC."""
    date_order: DateOrder = "dmy"
    """How to read `03/04/2026` when a file does not settle it (no first or second field above 12)."""
    future_tolerance_days: float = Field(default=2.0, ge=0)
    """Dates later than now plus this many days are quarantined as `date_out_of_range`."""
    min_date: date = date(1990, 1, 1)
    """Dates before this day are quarantined as `date_out_of_range`."""
    max_quarantine_share: float = Field(default=0.2, ge=0, le=1)
    """A source that quarantines more than this share of the rows it read makes the run `degraded` (exit 3)."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_zone(value)


class ReportConfig(Section):
    """Theme report output."""

    output_dir: Path = Path("reports")
    """Folder for `suara-report.html` and `suara-digest.md` (relative to the config file)."""
    timezone: str = "Asia/Jakarta"
    """IANA time zone whose calendar decides week and month boundaries in the marts and the report (stored times
    are UTC: a 05:00 WIB response on the 1st counts in the month that starts that day)."""
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

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_zone(value)


class WarehouseSettings(Protocol):
    """What warehouse steps read from the composed configuration (``suara.flows.config.SuaraConfig`` satisfies it)."""

    base_dir: Path
    sources: list[SourceConfig]
    curation: Path | None
    corrections: Path | None
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

    @property
    def journey_path(self) -> Path:
        """Absolute path of the journey taxonomy YAML."""
        ...
