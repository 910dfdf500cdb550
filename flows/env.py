"""Process environment for offline, local operation (Hugging Face offline, project-local Prefect)."""

from __future__ import annotations

import os
from pathlib import Path

OFFLINE_DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "TOKENIZERS_PARALLELISM": "false",
}


def prepare_environment(prefect_home: Path | None = None) -> None:
    """Set offline and Prefect defaults unless the user already set them.

    Args:
        prefect_home: folder for Prefect's local state; default ``~/.suara/prefect``.
    """
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
    home = os.environ.get("HOME")
    if not home or not Path(home).is_dir():
        os.environ["HOME"] = str(Path.cwd())
    default_home = Path(os.environ["HOME"]) / ".suara" / "prefect"
    os.environ.setdefault("PREFECT_HOME", str(prefect_home or default_home))
    # Prefect creates only the last folder of PREFECT_HOME; a missing parent breaks its database.
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
