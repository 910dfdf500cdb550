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
from suara.flows.ingest import ingest_task
from suara.flows.notify import notify_emerging, notify_failure
from suara.flows.report import report_task
from suara.flows.themes import link_task, marts_task, themes_task
from suara.warehouse.db import open_warehouse
from suara.warehouse.publish import publish_snapshot
from suara.warehouse.run_summary import emerging_pain_points, quality_figures
from suara.warehouse.runs import RunRecord, finish_run, start_run

STEPS = ("ingest", "enrich", "touchpoints", "themes", "marts", "report")


@task(cache_policy=NO_CACHE)
def begin_run_task(config: SuaraConfig) -> RunRecord:
    """Record a ``running`` row in ``ops.runs``."""
    with open_warehouse(config.warehouse_path) as con:
        return start_run(con, "nightly")


@task(cache_policy=NO_CACHE)
def end_run_task(config: SuaraConfig, run: RunRecord, error: str | None = None) -> list[dict]:
    """Store the run's figures and status; return the emerging pain points of a successful run."""
    with open_warehouse(config.warehouse_path) as con:
        emerging: list[dict] = []
        if error is None:
            run.quality.update(quality_figures(con))
            emerging = emerging_pain_points(con)
        finish_run(con, run, RuntimeError(error) if error else None)
    return emerging


@task(retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def publish_task(config: SuaraConfig) -> str:
    """Publish the analysts' read-only snapshot (atomic rename)."""
    return str(publish_snapshot(config.warehouse_path, config.snapshot_path))


def _steps(config: SuaraConfig) -> dict:
    return {
        "ingest": lambda: ingest_task(config),
        "enrich": lambda: enrich_step(config),
        "touchpoints": lambda: link_task(config),
        "themes": lambda: themes_task(config),
        "marts": lambda: marts_task(config),
        "report": lambda: report_task(config),
    }


def _record_failure(config: SuaraConfig, run: RunRecord, exc: BaseException) -> None:
    """Mark the run failed with its reason (best effort: the original error is what matters) and notify."""
    try:
        end_run_task(config, run, error=f"{type(exc).__name__}: {exc}")
    except Exception:  # noqa: BLE001 - never mask the step's own error
        get_run_logger().exception("could not record the failure of run %s", run.run_id)
    notify_failure(config.notify, run.run_id, exc)


@flow(name="suara-nightly", log_prints=True)
def nightly_flow(config: SuaraConfig) -> dict:
    """One nightly run over every configured source; returns the counts of each step."""
    logger = get_run_logger()
    run = begin_run_task(config)
    try:
        for name, step in _steps(config).items():
            with run.step(name):
                run.counts[name] = step()
            run.model_versions.update(run.counts[name].pop("model_versions", None) or {})
            logger.info("%s done in %.1fs: %s", name, run.timings[name], run.counts[name])
        emerging = end_run_task(config, run)
        run.counts["snapshot"] = publish_task(config)
    except BaseException as exc:
        _record_failure(config, run, exc)
        raise
    run.counts["emerging"] = len(emerging)
    notify_emerging(config.notify, run.run_id, emerging)
    return {"run_id": run.run_id, **run.counts, "timings": run.timings}


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
