"""The progress-callback type every long-running function accepts.

``progress(step, done, total)``; ``flows/progress.py`` provides the reporters (rich bars on the CLI, Prefect logs
in flows).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]
