"""Task runners for scaling enrichment out: Prefect's Dask task runner (``prefect-dask``)."""

from __future__ import annotations

import os

from suara.flows.config import ExecutionConfig


def dask_task_runner(execution: ExecutionConfig):
    """A ``DaskTaskRunner`` for the configured cluster.

    With ``execution.dask_address`` set, tasks go to that existing scheduler (its workers need Suara
    installed, the same config sections and, to avoid one ephemeral Prefect API per worker, a
    ``PREFECT_API_URL``). Without it, a local cluster of ``execution.dask_workers`` threaded workers
    is started for the run and stopped after it.
    """
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:  # optional dependency
        raise RuntimeError(
            "execution.task_runner is 'dask' but prefect-dask is not installed: pip install -e '.[dask]'"
        ) from exc
    os.environ.setdefault("DASK_TEMPORARY_DIRECTORY", os.path.join(os.path.expanduser("~"), ".suara", "dask"))
    if execution.dask_address:
        return DaskTaskRunner(address=execution.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": execution.dask_workers, "threads_per_worker": 1, "processes": False,
                        "dashboard_address": None},
    )
