"""The nightly flow: ingest → enrich → touchpoints → themes → marts → report → publish.

Only wiring lives here; every step is a plain function over a DuckDB
connection, wrapped as a task in its own sub-flow module. Each task opens the
warehouse itself and closes it when done, so the writer lock is held only
while a step writes.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import SuaraConfig, load_config
from suara.flows.enrich import enrich_step
from suara.flows.errors import retry_unless_final
from suara.flows.ingest import ingest_task
from suara.flows.notify import notify_degraded, notify_emerging, notify_failure
from suara.flows.report import report_task
from suara.flows.themes import link_task, marts_task, themes_task
from suara.warehouse.db import open_warehouse
from suara.warehouse.publish import publish_snapshot
from suara.warehouse.run_summary import emerging_pain_points, quality_figures
from suara.warehouse.runs import RunRecord, RunRecorder

STEPS = ("ingest", "enrich", "touchpoints", "themes", "marts", "report")


@task(cache_policy=NO_CACHE)
def emerging_task(config: SuaraConfig) -> list[dict]:
    """The pain points flagged emerging in the latest period (for the webhook)."""
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return emerging_pain_points(con)


def _add_quality(con, run: RunRecord) -> None:
    run.quality.update(quality_figures(con))


@task(retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE, retry_condition_fn=retry_unless_final)
def publish_task(config: SuaraConfig) -> str:
    """Publish the analysts' read-only snapshot (atomic rename)."""
    return str(publish_snapshot(config.warehouse_path, config.snapshot_path, config.warehouse.lock_timeout_s))


def _steps(config: SuaraConfig) -> dict:
    return {
        "ingest": lambda: ingest_task(config),
        "enrich": lambda: enrich_step(config),
        "touchpoints": lambda: link_task(config),
        "themes": lambda: themes_task(config),
        "marts": lambda: marts_task(config),
        "report": lambda: report_task(config),
    }


@flow(name="suara-nightly", log_prints=True)
def nightly_flow(config: SuaraConfig) -> dict:
    """One nightly run over every configured source; returns the counts of each step."""
    logger = get_run_logger()
    recorder = RunRecorder(
        config.warehouse_path, "nightly", before_finish=_add_quality,
        on_failure=lambda run, exc: notify_failure(config.notify, run.run_id, exc),
        lock_timeout_s=config.warehouse.lock_timeout_s,
    )
    with recorder as run:
        for name, step in _steps(config).items():
            with run.step(name):
                counts = run.add(name, step())
            logger.info("%s done in %.1fs: %s", name, run.timings[name], counts)
        recorder.save()  # the snapshot then carries this run's figures and status
        emerging = emerging_task(config)
        run.counts["snapshot"] = publish_task(config)
    run.counts["emerging"] = len(emerging)
    notify_emerging(config.notify, run.run_id, emerging)
    notify_degraded(config.notify, run.run_id, run.degraded)  # a source went wrong: loud, not a silent success
    return {"run_id": run.run_id, "status": run.status, **run.counts, "timings": run.timings}


@flow(name="suara-nightly-scheduled", log_prints=True)
def scheduled_nightly_flow(config_path: str) -> dict:
    """Entry point of the deployment: re-read the config file at every run, then run the nightly flow."""
    return nightly_flow(load_config(config_path))


def run_nightly(config: SuaraConfig) -> dict:
    """CLI entry: run the nightly flow with progress bars and print a summary."""
    from suara.flows.progress import rich_progress
    from suara.flows.summary import print_nightly_summary

    with rich_progress():
        result = nightly_flow(config)
    print_nightly_summary(config, result)
    return result
