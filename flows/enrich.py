"""The enrich sub-flow: language, normalised text, cached embeddings and sentiment of new or changed items.

``enrich_task`` is what the nightly flow calls; ``enrich_flow`` runs it alone and
records the run in ``ops.runs``; the ``suara enrich`` command is :mod:`suara.flows.enrich_command`.
Models load only when there is work, once per process (:mod:`suara.warehouse.models`).
"""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import SuaraConfig
from suara.flows.progress import current_progress
from suara.warehouse.db import open_warehouse
from suara.warehouse.enrich import Encoded, encode_texts, enrich_feedback
from suara.warehouse.models import load_models
from suara.warehouse.runs import RunRecorder


@task(cache_policy=NO_CACHE)
def enrich_task(config: SuaraConfig, rescore: bool = False) -> dict:
    """Enrich new and changed feedback (every row with ``rescore``); return the step's counts.

    Models load only when there is work, once per process (:mod:`suara.warehouse.models`).
    """
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return enrich_feedback(con, config, rescore=rescore, progress=current_progress())


@flow(name="suara-enrich", log_prints=True)
def enrich_flow(config: SuaraConfig, rescore: bool = False) -> dict:
    """Run :func:`enrich_task` and record the run (counts, timing, model versions) in ``ops.runs``."""
    command = "enrich --rescore" if rescore else "enrich"
    with RunRecorder(config.warehouse_path, command, lock_timeout_s=config.warehouse.lock_timeout_s) as run:
        with run.step("enrich"):
            counts = enrich_step(config, rescore=rescore)
        run.add("enrich", {k: v for k, v in counts.items() if k not in ("timings", "seconds")})
        run.timings.update({f"enrich.{k}": v for k, v in counts["timings"].items()})
    return {"run_id": run.run_id, **counts}


@task(cache_policy=NO_CACHE, retries=1)
def encode_texts_task(hashes: list[str], texts: list[str], config: SuaraConfig) -> Encoded:
    """Encode one batch's uncached texts where the task runner puts it (a Dask worker, say).

    The worker loads the models once per process; sentiment comes along when it shares the pass.
    """
    embedder, sentiment = load_models(config)
    return encode_texts(embedder, sentiment, hashes, texts)


@flow(name="suara-enrich-scaled", log_prints=True)
def enrich_scaled_flow(config: SuaraConfig, rescore: bool = False) -> dict:
    """Enrichment whose encoder passes run as tasks on the flow's task runner (Dask when configured).

    Reading, caching and writing stay in this process, one committed batch at a time, so the
    warehouse keeps a single writer and a killed run resumes as in the local path.
    """
    with open_warehouse(config.warehouse_path, config.warehouse.lock_timeout_s) as con:
        return enrich_feedback(
            con, config, rescore=rescore, progress=current_progress(),
            submit_encode=lambda hashes, texts: encode_texts_task.submit(hashes, texts, config),
            in_flight=2 * config.execution.dask_workers,
        )


def enrich_step(config: SuaraConfig, rescore: bool = False) -> dict:
    """The nightly flow's enrichment: the local task, or the scaled sub-flow on the configured task runner."""
    if config.execution.task_runner == "dask":
        from suara.flows.scaleout import dask_task_runner

        runner = dask_task_runner(config.execution)
        counts = enrich_scaled_flow.with_options(task_runner=runner)(config, rescore)
        return {**counts, "execution": type(runner).__name__}
    return {**enrich_task(config, rescore=rescore), "execution": "local"}
