"""End-of-run summaries printed by the CLI."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from flows.config import SuaraConfig

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
    console.print(f"Warehouse: {config.warehouse_path}")
    console.print(f"Analysts' snapshot: {config.snapshot_path}")
