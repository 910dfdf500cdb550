"""Report sub-flow: render the HTML theme report and the Markdown digest from the marts."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import SuaraConfig
from suara.warehouse.db import open_warehouse
from suara.warehouse.runs import RunRecorder


@task(cache_policy=NO_CACHE)
def report_task(config: SuaraConfig) -> dict:
    """Open the warehouse, read the marts and write ``suara-report.html`` and ``suara-digest.md``.

    Returns the JSON-able paths and counts of :func:`suara.warehouse.report.render_report`.
    """
    from suara.warehouse.report import render_report

    # Only reads happen here, so the writer lock is held just for the render (about a second).
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return render_report(con, config)


@flow(name="suara-report", log_prints=True)
def report_flow(config: SuaraConfig) -> dict:
    """Render the theme report on its own and record the run (the nightly flow calls :func:`report_task`)."""
    recorder = RunRecorder(config.warehouse_path, "report", lock_timeout_s=config.warehouse.lock_timeout_s)
    with recorder as run, run.step("report"):
        return run.add("report", report_task(config))


def run_report(config: SuaraConfig) -> dict:
    """CLI entry of ``suara report``: render the report and print where it went."""
    result = report_flow(config)
    print(f"report: {result['html']}")
    print(f"digest: {result['digest']}")
    if result["missing_marts"]:
        print(f"missing marts (run `suara themes` first): {', '.join(result['missing_marts'])}")
    print(f"{result['pain_points']} pain points, {result['emerging']} emerging, "
          f"period from {result['period']}")
    return result
