"""End-of-run summaries printed by the CLI."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from suara.flows.config import SuaraConfig

console = Console()


def _brief(value: object) -> str:
    if isinstance(value, dict):
        shown = [f"{k}={v}" for k, v in value.items() if not isinstance(v, dict | list)]
        return ", ".join(shown[:6])
    return str(value)


def print_nightly_summary(config: SuaraConfig, result: dict) -> None:
    """Print one line per step (seconds and headline counts) and where the outputs are."""
    table = Table(title=f"Suara nightly run {result.get('run_id', '')}")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_column("result")
    timings = result.get("timings", {})
    for step, value in result.items():
        if step in {"run_id", "timings"}:
            continue
        table.add_row(step, f"{timings.get(step, 0):.1f}" if step in timings else "", _brief(value))
    console.print(table)
    ingest = result.get("ingest") if isinstance(result.get("ingest"), dict) else {}
    if result.get("status") == "degraded" or ingest.get("status") == "degraded":
        reason = ingest.get("degraded_reason") or "a step did not finish all its work (ops.runs.quality.degraded)"
        console.print(f"DEGRADED: {reason}", style="bold red", markup=False, highlight=False)
    print_locations(config)


def print_locations(config: SuaraConfig) -> None:
    """Print where the warehouse, the analysts' snapshot, the report and the digest are."""
    reports = config.resolve(config.report.output_dir)
    console.print(f"[bold]Warehouse[/bold]: {config.warehouse_path}")
    console.print(
        f"[bold]Analysts' snapshot[/bold] (query this while a run holds the warehouse): {config.snapshot_path}"
    )
    console.print(f"[bold]Report[/bold]: {reports / 'suara-report.html'}")
    console.print(f"[bold]Digest[/bold]: {reports / 'suara-digest.md'}")
