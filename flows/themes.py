"""The themes sub-flow: touchpoint linking, the theme registry and the analyst marts.

``link_task``, ``themes_task`` and ``marts_task`` are what the nightly flow calls;
``themes_flow`` runs them alone and records the run in ``ops.runs``;
``run_themes`` is the ``suara themes`` command.
"""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import SuaraConfig
from suara.flows.progress import current_progress
from suara.warehouse.db import open_warehouse
from suara.warehouse.marts import build_marts, top_pain_points
from suara.warehouse.runs import RunRecorder
from suara.warehouse.themes import update_themes


@task(cache_policy=NO_CACHE)
def link_task(config: SuaraConfig) -> dict:
    """Link new or changed feedback to journey touchpoints; return the step's counts."""
    from suara.warehouse.link import link_touchpoints  # loads the process's models only when there is work

    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return link_touchpoints(con, config, progress=current_progress())


@task(cache_policy=NO_CACHE)
def themes_task(config: SuaraConfig, refit: bool | None = None) -> dict:
    """Refit or incrementally update the theme registry; return its counts."""
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return update_themes(con, config, refit=refit, progress=current_progress())


@task(cache_policy=NO_CACHE)
def marts_task(config: SuaraConfig) -> dict:
    """Rebuild the pain-point statistics and every analyst mart in one transaction; return rows per mart."""
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return build_marts(con, config)


@flow(name="suara-themes", log_prints=True)
def themes_flow(config: SuaraConfig, refit: bool | None = None, link: bool = True) -> dict:
    """Link touchpoints (unless ``link`` is false), update themes, rebuild marts; record the run in ``ops.runs``."""
    command = "themes --refit" if refit else "themes"
    with RunRecorder(config.warehouse_path, command, lock_timeout_s=config.warehouse.lock_timeout_s) as run:
        if link:
            with run.step("touchpoints"):
                run.add("touchpoints", link_task(config))
        with run.step("themes"):
            run.add("themes", themes_task(config, refit=refit))
        with run.step("marts"):
            run.add("marts", marts_task(config))
        run.quality["theme_outlier_share"] = run.counts["themes"].get("outlier_share")
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        top = top_pain_points(con, config.report.period, 5)
    return {"run_id": run.run_id, **run.counts, "top_pain_points": [list(map(_plain, row)) for row in top]}


def _plain(value):
    # Prefect results and the summary want plain JSON values.
    return round(value, 2) if isinstance(value, float) else value


def summary_table(result: dict):
    """A rich table of theme changes and the top pain points of the latest period."""
    from rich.table import Table

    themes = result.get("themes", {})
    table = Table(title=f"Suara themes {result.get('run_id', '')} ({themes.get('mode', '-')})")
    for column in ("rank", "theme", "touchpoint", "volume", "NPS impact", "emerging"):
        table.add_column(column)
    for rank, label, touchpoint, volume, impact, emerging in result.get("top_pain_points", []):
        table.add_row(str(rank), str(label), touchpoint, str(volume),
                      "-" if impact is None else f"{impact:+.1f}", "yes" if emerging else "")
    changes = ", ".join(f"{k} {themes.get(k, 0)}" for k in ("new", "matched", "merged", "split", "retired"))
    table.caption = f"active themes {themes.get('active_themes', 0)}; {changes}; items {themes.get('items', 0):,}"
    return table


def run_themes(config: SuaraConfig, refit: bool = False) -> dict:
    """CLI entry (``suara themes``): link, update themes (refit when asked or due), rebuild marts, print a summary."""
    from rich.console import Console
    from suara.flows.progress import rich_progress

    with rich_progress():
        result = themes_flow(config, refit=True if refit else None)
    Console().print(summary_table(result))
    return result
