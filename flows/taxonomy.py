"""``suara taxonomy``: tools that help an analyst grow the journey taxonomy (they never change it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.command()
def suggest(
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Config YAML (default: configs/suara.yaml).")]
    = None,
    warehouse: Annotated[Path | None, typer.Option("--warehouse", "-w", help="DuckDB file; overrides the config.")]
    = None,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the YAML proposals (default: taxonomy_suggestions.yaml beside the warehouse).")] = None,
    max_clusters: Annotated[int, typer.Option(help="Most clusters proposed for the unlinked items.")] = 8,
) -> None:
    """Print and write per-touchpoint keywords/phrases and clusters of unlinked items; applies nothing."""
    from suara.flows.cli import _config
    from suara.warehouse.db import connect
    from suara.warehouse.taxonomy_suggest import suggest as run_suggest
    from suara.warehouse.taxonomy_suggest import to_yaml, write_suggestions

    cfg = _config(config, warehouse)
    if not Path(cfg.warehouse_path).is_file():
        typer.secho(f"error: {cfg.warehouse_path}: no warehouse (run `suara run` first)", fg="red", err=True)
        raise typer.Exit(2)
    con = connect(cfg.warehouse_path, read_only=True)
    try:
        result = run_suggest(con, cfg, max_clusters=max_clusters)
    finally:
        con.close()
    if not result.items:
        typer.secho("error: the warehouse has no linked items yet (run `suara run` first)", fg="red", err=True)
        raise typer.Exit(2)
    typer.echo(to_yaml(result))
    path = write_suggestions(result, out or Path(cfg.warehouse_path).with_name("taxonomy_suggestions.yaml"))
    typer.secho(f"wrote {path} (nothing was applied to {cfg.journey_path})", fg="green", err=True)
