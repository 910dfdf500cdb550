"""Typed configuration for Suara: the composition of every section, and loading it from YAML.

One frozen pydantic model per section, defined beside what it configures (``nlp/config.py``,
``nlp/embeddings/config.py``, ``nlp/sentiment/config.py``, ``warehouse/config.py``; the scheduling, execution and
notification sections here). Defaults live in code, overrides in ``configs/*.yaml``, secrets only in environment
variables. The whole :class:`SuaraConfig` is the parameter of the Prefect flows, so Prefect validates it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator
from suara.nlp.config import EnrichConfig, ThemeConfig, TouchpointConfig
from suara.nlp.embeddings.config import EmbeddingConfig
from suara.nlp.section import Section
from suara.nlp.sentiment.config import SentimentConfig
from suara.warehouse.config import IngestConfig, ReportConfig, SourceConfig, WarehouseConfig

__all__ = [
    "ConfigError", "EmbeddingConfig", "EnrichConfig", "ExecutionConfig", "IngestConfig", "NotifyConfig",
    "ReportConfig", "ScheduleConfig", "Section", "SentimentConfig", "SourceConfig", "SuaraConfig", "ThemeConfig",
    "TouchpointConfig", "WarehouseConfig", "load_config", "DEFAULT_CONFIG", "DEFAULT_JOURNEY",
]

CONFIG_DIR = Path(str(files("suara.configs")))
"""The shipped configs (package data): defaults and the default journey taxonomy."""
DEFAULT_CONFIG = CONFIG_DIR / "suara.yaml"
DEFAULT_JOURNEY = CONFIG_DIR / "journey.yaml"


class ScheduleConfig(Section):
    """Nightly schedule used by `suara serve`."""

    cron: str = "0 2 * * *"
    """Cron expression of the nightly run."""
    timezone: str = "Asia/Jakarta"
    """IANA time zone of the cron expression."""


class ExecutionConfig(Section):
    """How enrichment batches are executed."""

    task_runner: Literal["threads", "dask"] = "threads"
    """`threads` (default, single machine) or `dask` (prefect-dask)."""
    dask_address: str | None = None
    """Address of an existing Dask scheduler; a local cluster is started when unset."""
    dask_workers: int = 2
    """Workers of the local Dask cluster."""


class NotifyConfig(Section):
    """Webhook notifications."""

    webhook_url_env: str = "SUARA_WEBHOOK_URL"
    """Environment variable holding the webhook URL (a secret); nothing is sent when unset."""
    webhook_url: str | None = None
    """Webhook URL given directly (prefer the environment variable)."""
    on_failure: bool = True
    """Notify when a run fails."""
    on_emerging: bool = True
    """Notify when a pain point is flagged emerging."""


class SuaraConfig(Section):
    """The whole configuration of one Suara deployment."""

    base_dir: Path = Path(".")
    """Folder relative paths resolve against (the config file's folder; set by the loader)."""
    warehouse: WarehouseConfig = WarehouseConfig()
    sources: list[SourceConfig] = Field(default_factory=list)
    journey: Path | None = None
    """Journey taxonomy YAML; default `configs/journey.yaml` shipped with Suara."""
    corrections: Path | None = None
    """Analyst sentiment corrections CSV (`source, source_id, sentiment[, touchpoint]`), relative to the config
    file; its rows override the model in the marts (`marts.feedback.sentiment_corrected`) on every run."""
    curation: Path | None = None
    """Analyst theme curation YAML (rename, merge, hide, pin, groups), relative to the config file; applied on
    every run (see `warehouse/curation.py` and the README's "Correcting Suara")."""
    ingest: IngestConfig = IngestConfig()
    embeddings: EmbeddingConfig = EmbeddingConfig()
    sentiment: SentimentConfig = SentimentConfig()
    enrich: EnrichConfig = EnrichConfig()
    touchpoints: TouchpointConfig = TouchpointConfig()
    themes: ThemeConfig = ThemeConfig()
    report: ReportConfig = ReportConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    execution: ExecutionConfig = ExecutionConfig()
    notify: NotifyConfig = NotifyConfig()

    @field_validator("sources")
    @classmethod
    def _unique_source_names(cls, value: list[SourceConfig]) -> list[SourceConfig]:
        names = [s.name for s in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:  # records are keyed by source name: two sources of one name would overwrite each other
            raise ValueError(f"duplicate source name(s) {', '.join(dupes)}: every source needs its own name")
        return value

    def resolve(self, path: Path | str) -> Path:
        """Resolve a path from the config against the config file's folder."""
        path = Path(path).expanduser()
        return path if path.is_absolute() else (self.base_dir / path)

    @property
    def warehouse_path(self) -> Path:
        """Absolute path of the DuckDB warehouse file."""
        return self.resolve(self.warehouse.path)

    @property
    def snapshot_path(self) -> Path:
        """Absolute path of the analysts' read-only snapshot."""
        if self.warehouse.snapshot_path is not None:
            return self.resolve(self.warehouse.snapshot_path)
        wh = self.warehouse_path
        return wh.with_name(f"{wh.stem}.snapshot{wh.suffix}")

    @property
    def journey_path(self) -> Path:
        """Absolute path of the journey taxonomy YAML."""
        return self.resolve(self.journey) if self.journey else DEFAULT_JOURNEY


class ConfigError(ValueError):
    """A configuration file is missing or invalid; the message names the file and key."""


def load_config(path: Path | str | None = None, **overrides: object) -> SuaraConfig:
    """Load a YAML config file into a validated :class:`SuaraConfig`.

    Args:
        path: YAML file; the shipped ``configs/suara.yaml`` when ``None``.
        **overrides: top-level keys replacing the file's (e.g. ``warehouse={"path": ...}``).

    Raises:
        ConfigError: the file is missing, not YAML, or fails validation (the message names the key).
    """
    path = Path(path) if path else DEFAULT_CONFIG
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; --config takes a YAML file (e.g. {path / 'suara.yaml'})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save the config as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level must be a mapping")
    data.update({k: v for k, v in overrides.items() if v is not None})
    data.setdefault("base_dir", str(path.resolve().parent))
    try:
        return SuaraConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from exc
