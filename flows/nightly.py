"""The nightly flow: ingest → enrich → touchpoints → themes → marts → report → publish.

Only wiring lives here; every step is a plain function over a DuckDB
connection, wrapped as a task in its own sub-flow module.
"""

from __future__ import annotations

from prefect import flow

from flows.config import SuaraConfig
from flows.enrich import enrich_task
from flows.ingest import ingest_task
from flows.report import report_task
from flows.themes import link_task, marts_task, themes_task


@flow(name="suara-nightly", log_prints=True)
def nightly_flow(config: SuaraConfig) -> dict:
    """One nightly run over every configured source; returns the counts of each step."""
    counts = {"ingest": ingest_task(config)}
    counts["enrich"] = enrich_task(config)
    counts["touchpoints"] = link_task(config)
    counts["themes"] = themes_task(config)
    counts["marts"] = marts_task(config)
    counts["report"] = report_task(config)
    return counts


def run_nightly(config: SuaraConfig) -> dict:
    """CLI entry: run the nightly flow with progress bars and print a summary."""
    from flows.progress import rich_progress

    with rich_progress():
        return nightly_flow(config)
