"""``suara train``: retrain the default sentiment model (adapter or head) and print held-back metrics."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from suara.flows.config import SuaraConfig
from suara.flows.progress import rich_progress
from suara.nlp.sentiment.train import TrainReport

METHODS = ("adapter", "head")


def run_train(cfg: SuaraConfig, data: list[Path] | None = None, out: Path | None = None,
              seed: int = 13, method: str = "adapter", add_sets: list[str] | None = None,
              ood: bool = False) -> TrainReport:
    """Train the default sentiment model on ``data`` (default: the shared sets) and write it to ``out``.

    Args:
        cfg: configuration (unused today beyond environment; kept for the CLI contract).
        data: labelled CSV/TSV files with ``text`` and ``label`` columns; the shared sets when empty. When
            given, the config's ``corrections`` (matched to stored texts) are added as extra rows.
        out: artefact path (.npz); default: the shipped ``nlp/sentiment/artefacts/default_adapter.npz``
            (``default_head.npz`` with ``method="head"``).
        seed: random seed (split, initialisation, batch order).
        method: ``adapter`` (LoRA on e5's top layers + head; the default model) or ``head`` (MLP
            ensemble on frozen embeddings).
        add_sets: openly licensed shared sets added to the default pool (``EXTRA_TRAIN_SETS``).
        ood: also score the out-of-domain scorecard's samples (and drop training rows near-duplicating
            them); their mean and worst set go into the card.

    Raises:
        typer.Exit: unreadable or badly labelled training files.
    """
    from suara.nlp.sentiment.finetune import AdapterRecipe
    from suara.nlp.sentiment.fit import HeadRecipe
    from suara.nlp.sentiment.train import train_default

    if method not in METHODS:
        typer.secho(f"error: --method must be one of {', '.join(METHODS)}, got {method!r}", fg="red", err=True)
        raise typer.Exit(2)
    from suara.nlp.sentiment.data import DEV_SETS, EXTRA_TRAIN_SETS
    from suara.nlp.sentiment.ood import OOD_LICENCES

    unknown = sorted(set(add_sets or []) - set(EXTRA_TRAIN_SETS))
    if unknown:
        typer.secho(f"error: --add-set {unknown[0]!r}: known extra sets: {', '.join(EXTRA_TRAIN_SETS)}",
                    fg="red", err=True)
        raise typer.Exit(2)
    recipe = AdapterRecipe() if method == "adapter" else HeadRecipe()
    if data:
        data = [*data, *correction_files(cfg)]
    try:
        with rich_progress() as progress:
            report = train_default(data_files=data or None, out=out, seed=seed, progress=progress, recipe=recipe,
                                   encoder=_encoder(cfg), extra_sets=add_sets or (),
                                   dev_sets=[*DEV_SETS, *OOD_LICENCES] if ood else None)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    print_train_report(report)
    return report


def correction_files(cfg: SuaraConfig) -> list[Path]:
    """The analysts' corrections as an extra ``text,label`` training file (empty when there are none).

    Texts come from the warehouse (the stored, redacted text of each corrected item), read through the
    read-only snapshot when it exists, else the warehouse itself. Written under the warehouse's folder.
    """
    from suara.warehouse.corrections import correction_training_rows, write_training_csv
    from suara.warehouse.db import connect

    if not cfg.corrections:
        return []
    db = cfg.snapshot_path if cfg.snapshot_path.exists() else cfg.warehouse_path
    if not db.exists():
        return []
    con = connect(db, read_only=True)
    try:
        rows = correction_training_rows(con, cfg.resolve(cfg.corrections))
    finally:
        con.close()
    if not rows:
        return []
    out = write_training_csv(rows, cfg.warehouse_path.with_name("corrections-training.csv"))
    typer.echo(f"adding {len(rows):,} corrected items from {cfg.resolve(cfg.corrections)} as training rows ({out})")
    return [out]


def _encoder(cfg: SuaraConfig):
    # Heads and the adapter train on e5 only: other embedding backends get the default e5 (None).
    if cfg.embeddings.backend != "e5":
        return None
    from suara.warehouse.models import embedder_for

    return embedder_for(cfg)


def print_train_report(report: TrainReport, console: Console | None = None) -> None:
    """Rich table of held-back figures per data set."""
    console = console or Console()
    console.print(
        f"wrote [bold]{report.artefact}[/]: {report.n_train:,} rows fitted, "
        f"{report.n_calibration:,} held back "
        f"(temperature {report.temperature:.3f}, ECE {report.calibration_ece:.3f}), "
        f"{report.n_dropped_duplicates:,} near-duplicates of dev rows dropped"
    )
    table = Table("held-back set", "n", "accuracy", "macro-F1", title="Held-back metrics")
    for name, m in report.metrics.items():
        table.add_row(name, str(m.n), f"{m.accuracy:.4f}", f"{m.macro_f1:.4f}")
    console.print(table)
