"""Scheduling the nightly flow: a served Prefect deployment on the configured cron.

``suara serve`` keeps a process running that creates flow runs on schedule and
executes them (no work pool needed). Teams with a Prefect server and work
pools can deploy with ``prefect deploy`` and the repository's ``prefect.yaml``
instead.
"""

from __future__ import annotations

from pathlib import Path

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from suara.flows.config import SuaraConfig

DEPLOYMENT_NAME = "suara-nightly"


def nightly_deployment(config: SuaraConfig, config_path: Path) -> RunnerDeployment:
    """The nightly deployment: cron and time zone from ``config.schedule``, the config file as parameter."""
    from suara.flows.nightly import scheduled_nightly_flow

    return scheduled_nightly_flow.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(config.schedule.cron, timezone=config.schedule.timezone)],
        parameters={"config_path": str(Path(config_path).resolve())},
        description="Suara nightly voice-of-customer run",
        tags=["suara"],
    )


def serve_nightly(config: SuaraConfig, config_path: Path) -> None:
    """Serve the nightly deployment until interrupted (Ctrl-C stops it cleanly)."""
    from prefect import serve

    serve(nightly_deployment(config, config_path))
