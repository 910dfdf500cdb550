"""The ingest sub-flow: load new and changed records of every configured source.

``ingest_task`` is what the nightly flow calls; ``ingest_flow`` runs it alone and
records the run in ``ops.runs``; ``run_ingest`` is the ``suara ingest`` command.
"""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import SuaraConfig
from suara.flows.errors import retry_unless_final
from suara.flows.progress import current_progress
from suara.warehouse.db import open_warehouse
from suara.warehouse.load import ingest_sources
from suara.warehouse.runs import RunRecorder


@task(retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE, retry_condition_fn=retry_unless_final)
def ingest_task(config: SuaraConfig) -> dict:
    """Ingest every source into the warehouse; return the counts of :class:`suara.warehouse.load.IngestResult`.

    Retrying is safe: finished files are skipped and a half-loaded file resumes after its last batch.
    """
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return ingest_sources(con, config, progress=current_progress()).as_dict()


@flow(name="suara-ingest", log_prints=True)
def ingest_flow(config: SuaraConfig) -> dict:
    """Run :func:`ingest_task` and record the run (counts, timing, status) in ``ops.runs``."""
    recorder = RunRecorder(config.warehouse_path, "ingest", lock_timeout_s=config.warehouse.lock_timeout_s)
    with recorder as run, run.step("ingest"):
        counts = run.add("ingest", ingest_task(config))
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
        for warning in s.get("warnings", []):
            console.print(f"{source}: {warning}", style="yellow", markup=False, highlight=False)
        for f in s.get("files", []):  # how each file was read (issue 14: the rule used is shown)
            if f["status"] == "loaded":
                console.print(f"{source}: {f['path']}: encoding {f['encoding'] or '-'}, dates {f['date_rule'] or '-'}, "
                              f"stale ignored {f['stale_ignored']:,}", markup=False, highlight=False)
        if s.get("fields_nulled"):
            nulled = ", ".join(f"{k} {v:,}" for k, v in s["fields_nulled"].items())
            console.print(f"{source}: fields set to NULL, rows kept: {nulled}", markup=False, highlight=False)
        if s["pii_redacted"]:
            redacted = ", ".join(f"{k} {v:,}" for k, v in s["pii_redacted"].items())
            console.print(f"{source}: personal data redacted: {redacted}", markup=False)
    if result.get("status") == "degraded":
        console.print(f"DEGRADED: {result['degraded_reason']}", style="bold red", markup=False, highlight=False)
    return result
