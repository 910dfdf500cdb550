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
              seed: int = 13, method: str = "adapter") -> TrainReport:
    """Train the default sentiment model on ``data`` (default: the shared sets) and write it to ``out``.

    Args:
        cfg: configuration (unused today beyond environment; kept for the CLI contract).
        data: labelled CSV/TSV files with ``text`` and ``label`` columns; the shared sets when empty.
        out: artefact path (.npz); default: the shipped ``nlp/sentiment/artefacts/default_adapter.npz``
            (``default_head.npz`` with ``method="head"``).
        seed: random seed (split, initialisation, batch order).
        method: ``adapter`` (LoRA on e5's top layers + head; the default model) or ``head`` (MLP
            ensemble on frozen embeddings).

    Raises:
        typer.Exit: unreadable or badly labelled training files.
    """
    from suara.nlp.sentiment.finetune import AdapterRecipe
    from suara.nlp.sentiment.fit import HeadRecipe
    from suara.nlp.sentiment.train import train_default

    if method not in METHODS:
        typer.secho(f"error: --method must be one of {', '.join(METHODS)}, got {method!r}", fg="red", err=True)
        raise typer.Exit(2)
    recipe = AdapterRecipe() if method == "adapter" else HeadRecipe()
    try:
        with rich_progress() as progress:
            report = train_default(data_files=data or None, out=out, seed=seed, progress=progress, recipe=recipe)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    print_train_report(report)
    return report


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
