"""The enrich sub-flow: language, normalised text, cached embeddings and sentiment of new or changed items.

``enrich_task`` is what the nightly flow calls; ``enrich_flow`` runs it alone and
records the run in ``ops.runs``; ``run_enrich`` is the ``suara enrich`` command.
Models load once per process (they take seconds) and are reused by every run.
"""

from __future__ import annotations

import threading
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from suara.flows.config import EmbeddingConfig, SuaraConfig
from suara.flows.progress import current_progress
from suara.warehouse.db import open_warehouse
from suara.warehouse.enrich import Encoded, encode_texts, enrich_feedback, load_models
from suara.warehouse.runs import finish_run, start_run

_MODELS: dict[str, tuple[Any, Any]] = {}
_MODELS_LOCK = threading.Lock()


def cached_embedder(embeddings: EmbeddingConfig) -> Any:
    """The embedder of ``embeddings``, loaded once per process (a Dask worker loads its own)."""
    key = "embedder:" + embeddings.model_dump_json()
    with _MODELS_LOCK:
        if key not in _MODELS:
            from suara.nlp.embeddings import load_embedder

            _MODELS[key] = load_embedder(embeddings)
        return _MODELS[key]


def cached_models(config: SuaraConfig) -> tuple[Any, Any]:
    """The embedder and sentiment model of ``config``, loaded once per process and config sections."""
    key = config.embeddings.model_dump_json() + config.sentiment.model_dump_json()
    embedder = cached_embedder(config.embeddings) if config.embeddings.backend != "hf" else None
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = load_models(config, embedder=embedder)
        return _MODELS[key]


@task(cache_policy=NO_CACHE)
def enrich_task(config: SuaraConfig, rescore: bool = False) -> dict:
    """Enrich new and changed feedback (every row with ``rescore``); return the step's counts."""
    embedder, sentiment = cached_models(config)
    with open_warehouse(config.warehouse_path) as con:
        return enrich_feedback(
            con, config, rescore=rescore, embedder=embedder, sentiment=sentiment, progress=current_progress()
        )


@flow(name="suara-enrich", log_prints=True)
def enrich_flow(config: SuaraConfig, rescore: bool = False) -> dict:
    """Run :func:`enrich_task` and record the run (counts, timing, model versions) in ``ops.runs``."""
    with open_warehouse(config.warehouse_path) as con:
        run = start_run(con, "enrich --rescore" if rescore else "enrich")
    try:
        with run.step("enrich"):
            counts = enrich_step(config, rescore=rescore)
    except BaseException as exc:
        with open_warehouse(config.warehouse_path) as con:
            finish_run(con, run, exc)
        raise
    run.counts["enrich"] = {k: v for k, v in counts.items() if k not in ("timings", "seconds")}
    run.timings.update({f"enrich.{k}": v for k, v in counts["timings"].items()})
    run.model_versions.update(embeddings=counts["embedding_model"], sentiment=counts["sentiment_model"])
    with open_warehouse(config.warehouse_path) as con:
        finish_run(con, run)
    return {"run_id": run.run_id, **counts}


@task(cache_policy=NO_CACHE, retries=1)
def encode_texts_task(hashes: list[str], texts: list[str], config: SuaraConfig) -> Encoded:
    """Encode one batch's uncached texts where the task runner puts it (a Dask worker, say).

    The worker loads the models once per process; sentiment comes along when it shares the pass.
    """
    embedder, sentiment = cached_models(config)
    return encode_texts(embedder, sentiment, hashes, texts)


@flow(name="suara-enrich-scaled", log_prints=True)
def enrich_scaled_flow(config: SuaraConfig, rescore: bool = False) -> dict:
    """Enrichment whose encoder passes run as tasks on the flow's task runner (Dask when configured).

    Reading, caching and writing stay in this process, one committed batch at a time, so the
    warehouse keeps a single writer and a killed run resumes as in the local path.
    """
    embedder, sentiment = cached_models(config)
    with open_warehouse(config.warehouse_path) as con:
        return enrich_feedback(
            con, config, rescore=rescore, embedder=embedder, sentiment=sentiment, progress=current_progress(),
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


def summary_table(result: dict):
    """A rich table of what one enrichment did."""
    from rich.table import Table

    table = Table(title=f"Suara enrich {result.get('run_id', '')}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rate = result["rows_enriched"] / result["seconds"] if result["seconds"] else 0.0
    table.add_row("rows enriched", f"{result['rows_enriched']:,} ({rate:,.1f}/s)")
    table.add_row("texts embedded (new)", f"{result['texts_embedded']:,}")
    table.add_row("embedding cache hits", f"{result['cache_hits']:,}")
    languages = ", ".join(f"{k} {v:,}" for k, v in result["languages"].items()) or "-"
    table.add_row("languages", f"{languages} (mixed {result['mixed']:,})")
    table.add_row("sentiment", ", ".join(f"{k} {v:,}" for k, v in result["sentiment"].items()) or "-")
    table.add_row("embedding model", result["embedding_model"])
    table.add_row("sentiment model", result["sentiment_model"])
    return table


def run_enrich(config: SuaraConfig, rescore: bool = False) -> dict:
    """CLI entry: run the enrich flow with a progress bar, then print a summary."""
    from rich.console import Console
    from suara.flows.progress import rich_progress

    with rich_progress():
        result = enrich_flow(config, rescore=rescore)
    Console().print(summary_table(result))
    return result
