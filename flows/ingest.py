"""The ingest sub-flow: load new and changed records of every configured source.

``ingest_task`` is what the nightly flow calls; ``ingest_flow`` runs it alone and
records the run in ``ops.runs``; ``run_ingest`` is the ``suara ingest`` command.
"""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import SuaraConfig
from suara.flows.progress import current_progress
from suara.warehouse.db import open_warehouse
from suara.warehouse.load import ingest_sources
from suara.warehouse.runs import finish_run, start_run


@task(retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE)
def ingest_task(config: SuaraConfig) -> dict:
    """Ingest every source into the warehouse; return the counts of :class:`suara.warehouse.load.IngestResult`.

    Retrying is safe: finished files are skipped and a half-loaded file resumes after its last batch.
    """
    with open_warehouse(config.warehouse_path) as con:
        return ingest_sources(con, config, progress=current_progress()).as_dict()


@flow(name="suara-ingest", log_prints=True)
def ingest_flow(config: SuaraConfig) -> dict:
    """Run :func:`ingest_task` and record the run (counts, timing, status) in ``ops.runs``."""
    with open_warehouse(config.warehouse_path) as con:
        run = start_run(con, "ingest")
    try:
        with run.step("ingest"):
            counts = ingest_task(config)
    except BaseException as exc:
        with open_warehouse(config.warehouse_path) as con:
            finish_run(con, run, exc)
        raise
    run.counts["ingest"] = counts
    with open_warehouse(config.warehouse_path) as con:
        finish_run(con, run)
    return {"run_id": run.run_id, **counts}


def summary_table(result: dict):
    """A rich table with one row per source: files, rows, and quarantined rows per reason."""
    from rich.table import Table

    table = Table(title=f"Suara ingest {result.get('load_id', '')}")
    for name in ("source", "files read", "skipped", "inserted", "updated", "unchanged"):
        table.add_column(name, justify="left" if name == "source" else "right")
    table.add_column("quarantined (reason rows)", no_wrap=True)
    for source, s in result.get("sources", {}).items():
        bad = "\n".join(f"{reason} {n:,}" for reason, n in sorted(s["quarantined"].items())) or "-"
        table.add_row(source, f"{s['files_read']:,}", f"{s['files_skipped']:,}", f"{s['inserted']:,}",
                      f"{s['updated']:,}", f"{s['unchanged']:,}", bad)
    return table


def run_ingest(config: SuaraConfig) -> dict:
    """CLI entry: run the ingest flow with progress bars, then print the per-source summary and errors."""
    from rich.console import Console
    from suara.flows.progress import rich_progress

    with rich_progress():
        result = ingest_flow(config)
    console = Console()
    console.print(summary_table(result))
    for source, s in result.get("sources", {}).items():
        for error in s["errors"]:
            console.print(f"{source}: {error}", style="red", markup=False, highlight=False)
        if s["pii_redacted"]:
            redacted = ", ".join(f"{k} {v:,}" for k, v in s["pii_redacted"].items())
            console.print(f"{source}: personal data redacted: {redacted}", markup=False)
    return result
