"""``suara demo``: generate the bilingual demo data into a fresh folder and run the nightly flow on it.

The demo goes through exactly the path user data takes: files on disk, a ``suara.yaml`` that lists
them as sources, :func:`suara.flows.config.load_config`, then the nightly flow.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from suara.flows.config import SuaraConfig, load_config
from suara.warehouse.demo import DemoFiles, generate_demo

MARKER = ".suara-demo"
"""File that marks a folder as written by ``suara demo``; only such folders are wiped on a rerun."""

EXAMPLE_QUERIES = (
    (
        "Top pain points this month, with their NPS impact (negative = drags NPS down)",
        """select rank, theme_label, touchpoint, volume,
       round(nps_impact, 1) as nps_impact,
       round(nps_impact_low, 1) as ci_low, round(nps_impact_high, 1) as ci_high,
       emerging
from marts.pain_points
where period_type = 'month'
  and period = (select max(period) from marts.pain_points where period_type = 'month')
  and is_pain_point            -- leaves out 'unlinked', complaint-free and mostly-positive rows
order by rank
limit 10;""",
    ),
    (
        "NPS by journey stage and touchpoint this month",
        """select journey_stage, touchpoint, volume, nps_responses, round(nps, 1) as nps
from marts.touchpoint_scorecard
where period_type = 'month'
  and period = (select max(period) from marts.touchpoint_scorecard where period_type = 'month')
order by nps;""",
    ),
    (
        "Themes that are new this week (most of their items arrived in the last 7 days)",
        """select theme_id, label, size, round(negative_share, 2) as negative_share, first_seen
from marts.themes
where status = 'active' and new_this_week
order by size desc;""",
    ),
)
"""(title, SQL) pairs printed at the end of the demo; each answers one analyst question in one query."""


class DemoFolderError(RuntimeError):
    """The demo folder holds files that ``suara demo`` did not write; it will not delete them."""


def prepare_folder(out: Path) -> Path:
    """Make ``out`` an empty demo folder: wipe a previous demo (warehouse included), refuse anything else.

    Raises:
        DemoFolderError: ``out`` is a file, or a non-empty folder without the demo marker.
    """
    out = out.expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise DemoFolderError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise DemoFolderError(
                f"{out}: folder is not empty and was not written by `suara demo`; "
                "choose an empty or new folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "Written by `suara demo`; the next `suara demo` run here deletes this folder.\n", encoding="utf-8"
    )
    return out


def build_demo(
    out: Path, items: int = 6000, seed: int = 7, end_date: date | None = None
) -> tuple[DemoFiles, SuaraConfig]:
    """Prepare a fresh folder, write the demo data and load its config (no flow is run).

    Returns:
        What was written, and the validated config that lists the demo sources.
    """
    files = generate_demo(prepare_folder(out), items=items, seed=seed, end_date=end_date)
    return files, load_config(files.config)


def run_demo(out: Path, items: int = 6000, seed: int = 7, end_date: date | None = None) -> dict:
    """Generate the demo data in a fresh ``out`` folder, run the nightly flow on it and say where things are.

    Args:
        out: demo folder (created; a previous demo there, warehouse included, is replaced).
        items: number of generated feedback items.
        seed: generator seed; the same seed writes the same data.
        end_date: last day of the 90-day window (default: the generator's fixed date).

    Returns:
        The nightly flow's counts per step.
    """
    from rich.console import Console

    console = Console()
    files, cfg = build_demo(out, items=items, seed=seed, end_date=end_date)
    console.print(
        f"[bold]Demo data[/bold]: {sum(files.counts.values()):,} rows in {files.root / 'exports'} "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(files.counts.items()))})"
    )
    from suara.flows.nightly import run_nightly

    counts = run_nightly(cfg)
    print_outputs(cfg, console)
    return counts


def print_outputs(cfg: SuaraConfig, console=None) -> None:
    """Print example queries an analyst can run on the demo (the run summary already gave the paths)."""
    from rich.console import Console

    console = console or Console()
    target = cfg.snapshot_path if cfg.snapshot_path.exists() else cfg.warehouse_path
    console.print(
        f"\nTry these in `duckdb -readonly {target}` (or Python: duckdb.connect(path, read_only=True)):",
        soft_wrap=True,
    )
    for title, sql in EXAMPLE_QUERIES:
        # Plain, unwrapped text so the queries can be copied into duckdb as printed.
        console.print(f"\n-- {title}\n{sql}", soft_wrap=True, highlight=False, markup=False)
