"""Progress reporting shared by the CLI (rich bars) and flows (Prefect logs).

Plain functions in ``nlp/`` and ``warehouse/`` take an optional
``progress: Progress`` callable ``progress(step, done, total)``; tasks pass
:func:`current_progress`, which the CLI points at a rich display and which
otherwise logs through Prefect's run logger (or Python logging).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from suara.nlp.progress import Progress

_current: Progress | None = None
_log = logging.getLogger("suara")


def _log_progress(step: str, done: int, total: int | None) -> None:
    try:
        from prefect import get_run_logger

        logger = get_run_logger()
    except Exception:  # outside a flow or task run
        logger = _log
    logger.info("%s: %s%s", step, f"{done:,}", f" / {total:,}" if total is not None else "")


def current_progress() -> Progress:
    """The reporter in force: the CLI's rich display, or logging."""
    return _current or _log_progress


@contextmanager
def rich_progress() -> Iterator[Progress]:
    """Show one rich progress bar per step while the block runs."""
    global _current
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    bars = RichProgress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=False,
    )
    tasks: dict[str, int] = {}

    def report(step: str, done: int, total: int | None) -> None:
        if step not in tasks:
            tasks[step] = bars.add_task(step, total=total)
        bars.update(tasks[step], completed=done, total=total)

    previous, _current = _current, report
    try:
        with bars:
            yield report
    finally:
        _current = previous
